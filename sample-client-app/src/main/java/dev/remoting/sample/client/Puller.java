package dev.remoting.sample.client;

import dev.remoting.exception.RemotingCommandException;
import dev.remoting.exception.RemotingException;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.sample.client.DemoProperties.Mode;
import dev.remoting.sample.protocol.BrokerCodes;
import dev.remoting.sample.protocol.PullBody;
import dev.remoting.sample.protocol.PullMessageResponseHeader;
import dev.remoting.sample.protocol.PulledMessage;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Pulls each queue from where the run started until every message sent to it is back, or the receive timeout runs
 * out, handing each message to the {@link Verifier}.
 */
final class Puller {

    private final BrokerEndpoint broker;
    private final Mode mode;
    private final int queues;
    private final Duration receiveTimeout;
    private final Duration pollTimeout;
    private final RequestFactory requests;
    private final Verifier verifier;
    private final Problems problems;
    private final Progress progress;

    Puller(BrokerEndpoint broker, DemoProperties properties, RequestFactory requests, Verifier verifier,
            Problems problems) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.mode = properties.getMode();
        this.queues = properties.getQueues();
        this.receiveTimeout = properties.getReceiveTimeout();
        this.pollTimeout = properties.getPollTimeout();
        this.requests = Objects.requireNonNull(requests, "requests");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.problems = Objects.requireNonNull(problems, "problems");
        this.progress = new Progress("received", properties.getCount());
    }

    /** Pulls every queue from its start offset until the ledger's count of messages sent to it is back. */
    void pullAll(long[] startOffsets, SendLedger ledger) throws InterruptedException {
        long deadline = System.nanoTime() + receiveTimeout.toNanos();
        for (int q = 0; q < queues; q++) {
            pullQueue(q, startOffsets[q], ledger.sentToQueue(q), deadline);
        }
    }

    private void pullQueue(int queue, long startOffset, long expected, long deadline) throws InterruptedException {
        long offset = startOffset;
        long got = 0;
        while (got < expected) {
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remainingMillis <= 0) {
                problems.conclude("queue " + queue + ": " + got + " of " + expected + " messages pulled back "
                        + "before the receive timeout (" + receiveTimeout.toSeconds() + " s)");
                return;
            }
            // Oneway messages may still be on their way: let the broker hold the pull until one arrives.
            long suspend = mode == Mode.ONEWAY ? Math.min(pollTimeout.toMillis(), remainingMillis) : 0;
            RemotingCommand response;
            try {
                response = broker.invokeSync(requests.pull(queue, offset, suspend), suspend);
            } catch (RemotingException e) {
                problems.add("queue " + queue + ": pull at offset " + offset + " failed: " + e);
                return;
            }
            if (response.getCode() == RemotingSysResponseCode.SUCCESS) {
                long next;
                try {
                    next = readMessages(queue, offset, response);
                } catch (RemotingCommandException e) {
                    // Pulling again would get the same body: what is missing is reported by the verification.
                    problems.add("queue " + queue + ": pull at offset " + offset + " answered a " + e.getMessage());
                    return;
                }
                got += next - offset;
                offset = next;
                progress.update(verifier.received());
            } else if (response.getCode() == BrokerCodes.PULL_NOT_FOUND && mode == Mode.ONEWAY) {
                continue;
            } else if (response.getCode() == BrokerCodes.TOPIC_NOT_EXIST && mode == Mode.ONEWAY) {
                // Not one message stored yet: wait a little for the first to arrive.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            } else {
                if (response.getCode() != BrokerCodes.PULL_NOT_FOUND) {
                    problems.add("queue " + queue + ": pull at offset " + offset + " answered code "
                            + response.getCode() + ", " + response.getRemark());
                }
                // Everything stored has been read; verification reports what is missing.
                return;
            }
        }
    }

    /** Hands the messages of a pull response to the verifier; returns the offset to pull from next. */
    private long readMessages(int queue, long offset, RemotingCommand response) throws RemotingCommandException {
        long expected = offset;
        for (PulledMessage message : PullBody.decode(response.getBody() == null ? new byte[0] : response.getBody())) {
            verifier.accept(queue, expected, message);
            expected = message.queueOffset() + 1;
        }
        try {
            PullMessageResponseHeader header = response.decodeCommandCustomHeader(PullMessageResponseHeader.class);
            if (header.getNextBeginOffset() != expected) {
                problems.add("queue " + queue + ": pull answered nextBeginOffset " + header.getNextBeginOffset()
                        + " after the message at offset " + (expected - 1));
            }
        } catch (RemotingCommandException e) {
            problems.add("queue " + queue + ": pull response without its offsets: " + e.getMessage());
        }
        return expected;
    }
}
