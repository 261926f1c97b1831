package dev.remoting.sample.client;

import dev.remoting.RemotingClient;
import dev.remoting.exception.RemotingCommandException;
import dev.remoting.exception.RemotingException;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.sample.client.DemoProperties.Mode;
import dev.remoting.sample.protocol.BrokerCodes;
import dev.remoting.sample.protocol.HeartbeatRequestHeader;
import dev.remoting.sample.protocol.PullBody;
import dev.remoting.sample.protocol.PullMessageRequestHeader;
import dev.remoting.sample.protocol.PullMessageResponseHeader;
import dev.remoting.sample.protocol.PulledMessage;
import dev.remoting.sample.protocol.SendMessageRequestHeader;
import dev.remoting.sample.protocol.SendMessageResponseHeader;
import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One run of the demo: join the consumer group, send the messages, pull them all back and check them.
 *
 * <p>"In order per queue" means: a queue returns its messages at consecutive offsets, and every acknowledged message
 * sits at exactly the offset its acknowledgement named (for SYNC, whose sends are one at a time, offsets also follow
 * the send order). ONEWAY sends get no acknowledgement, so there every sent message must be found exactly once in its
 * queue.
 */
final class DemoRun {

    private static final Logger log = LoggerFactory.getLogger(DemoRun.class);

    /** Failed sends after which the run stops sending: the broker is clearly not taking messages. */
    private static final int MAX_FAILED_SENDS = 100;

    /** ONEWAY pacing: how many windows of messages may be sent but not yet stored by the broker. */
    private static final int ONEWAY_WINDOWS_IN_FLIGHT = 4;

    private final DemoProperties properties;
    private final RemotingClient client;
    private final JsonMapper json;
    private final String address;
    private final String topic;
    private final Mode mode;
    private final int count;
    private final int queues;
    private final long timeoutMillis;
    private final MessageBodies bodies;
    private final String clientId;
    private final Problems problems = new Problems();

    /** Offset each acknowledged message was stored at, by sequence number; -1 when not acknowledged. */
    private final long[] ackedOffset;
    /** Call latency of each acknowledged message, by sequence number. */
    private final long[] latencyNanos;
    /** Sequence numbers handed to the client without an exception. */
    private final BitSet sentSeqs;
    private final long[] sentToQueue;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    DemoRun(DemoProperties properties, RemotingClient client, JsonMapper json, long runId, String clientId) {
        this.properties = properties;
        this.client = client;
        this.json = json;
        this.address = properties.getBrokerAddress();
        this.topic = properties.getTopic();
        this.mode = properties.getMode();
        this.count = properties.getCount();
        this.queues = properties.getQueues();
        this.timeoutMillis = properties.getCallTimeout().toMillis();
        this.bodies = new MessageBodies(runId, (int) properties.getMessageSize().toBytes());
        this.clientId = clientId;
        this.ackedOffset = new long[count];
        Arrays.fill(ackedOffset, -1);
        this.latencyNanos = new long[count];
        this.sentSeqs = new BitSet(count);
        this.sentToQueue = new long[queues];
    }

    Summary run() throws DemoException, InterruptedException {
        heartbeat();
        long[] startOffsets = queueOffsets(runtimeInfo());
        log.info("sending {} messages of {} bytes to topic {} ({} queues, {}{})", String.format("%,d", count),
                properties.getMessageSize().toBytes(), topic, queues, mode,
                mode == Mode.ASYNC ? ", window " + properties.getWindow() : "");
        long sendStart = System.nanoTime();
        long sent = switch (mode) {
            case SYNC -> sendSync();
            case ASYNC -> sendAsync();
            case ONEWAY -> sendOneway(startOffsets);
        };
        double sendSeconds = (System.nanoTime() - sendStart) / 1e9;
        log.info("pulling the messages back from {} queues", queues);
        long receiveStart = System.nanoTime();
        Verifier verifier = new Verifier();
        receive(startOffsets, verifier);
        double receiveSeconds = (System.nanoTime() - receiveStart) / 1e9;
        long verified = verify(verifier, sent);
        Double p50 = null;
        Double p99 = null;
        if (mode != Mode.ONEWAY) {
            long[] latencies = acknowledgedLatencies();
            if (latencies.length > 0) {
                p50 = percentile(latencies, 0.50) / 1e6;
                p99 = percentile(latencies, 0.99) / 1e6;
            }
        }
        return new Summary(clientId, mode, topic, queues, properties.getMessageSize().toBytes(), count, sent,
                mode == Mode.ONEWAY ? 0 : acked.get(), verifier.received, verified, sendSeconds, receiveSeconds,
                sendSeconds > 0 ? sent / sendSeconds : 0, p50, p99, problems.list());
    }

    /** Joins the consumer group; the broker answers and tells the group's members (this one too) who is in it. */
    private void heartbeat() throws DemoException, InterruptedException {
        // The first call also pays for connecting and for both JVMs' warm-up; on a loaded machine that can take
        // longer than one call timeout, so the first contact is retried until the health timeout.
        long deadline = System.nanoTime() + properties.getHealthTimeout().toNanos();
        RemotingCommand response;
        while (true) {
            try {
                response = call(RemotingCommand.createRequestCommand(BrokerCodes.HEART_BEAT,
                        new HeartbeatRequestHeader(clientId, properties.getConsumerGroup())), timeoutMillis,
                        "HEART_BEAT");
                break;
            } catch (DemoException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                log.warn("{}; trying again", e.getMessage());
            }
        }
        if (response.getCode() != RemotingSysResponseCode.SUCCESS) {
            throw new DemoException("the broker refused the heartbeat: code " + response.getCode() + ", "
                    + response.getRemark());
        }
        log.info("joined consumer group {} as {}", properties.getConsumerGroup(), clientId);
    }

    private JsonNode runtimeInfo() throws DemoException, InterruptedException {
        RemotingCommand response = call(RemotingCommand.createRequestCommand(BrokerCodes.GET_BROKER_RUNTIME_INFO,
                null), timeoutMillis, "GET_BROKER_RUNTIME_INFO");
        if (response.getCode() != RemotingSysResponseCode.SUCCESS || response.getBody() == null) {
            throw new DemoException("GET_BROKER_RUNTIME_INFO failed: code " + response.getCode() + ", "
                    + response.getRemark());
        }
        try {
            return json.readTree(response.getBody());
        } catch (JacksonException e) {
            throw new DemoException("GET_BROKER_RUNTIME_INFO returned a body that is not JSON", e);
        }
    }

    /** Returns the next offset of each of the topic's queues (0 for a topic the broker has not seen). */
    private long[] queueOffsets(JsonNode runtimeInfo) {
        JsonNode topicQueues = runtimeInfo.path("topics").path(topic).path("queues");
        long[] offsets = new long[queues];
        for (int q = 0; q < queues; q++) {
            offsets[q] = topicQueues.path(String.valueOf(q)).path("maxOffset").asLong(0);
        }
        return offsets;
    }

    private RemotingCommand sendRequest(int seq) {
        RemotingCommand request = RemotingCommand.createRequestCommand(BrokerCodes.SEND_MESSAGE,
                new SendMessageRequestHeader(topic, seq % queues, System.currentTimeMillis(),
                        properties.getProducerGroup()));
        request.setBody(bodies.body(seq));
        return request;
    }

    private long sendSync() throws InterruptedException {
        Progress progress = new Progress("sent");
        long sent = 0;
        for (int seq = 0; seq < count && !tooManyFailures(); seq++) {
            RemotingCommand request = sendRequest(seq);
            markSent(seq);
            sent++;
            long start = System.nanoTime();
            try {
                onAcknowledgement(seq, client.invokeSync(address, request, timeoutMillis), System.nanoTime() - start);
            } catch (RemotingException e) {
                onSendFailure(seq, e);
            }
            progress.update(sent);
        }
        return sent;
    }

    private long sendAsync() throws InterruptedException {
        Progress progress = new Progress("sent");
        int windowSize = properties.getWindow();
        Semaphore window = new Semaphore(windowSize);
        long sent = 0;
        for (int seq = 0; seq < count && !tooManyFailures(); seq++) {
            window.acquire();
            RemotingCommand request = sendRequest(seq);
            markSent(seq);
            sent++;
            int message = seq;
            long start = System.nanoTime();
            client.invoke(address, request, timeoutMillis).whenComplete((response, error) -> {
                try {
                    if (error == null) {
                        onAcknowledgement(message, response, System.nanoTime() - start);
                    } else {
                        onSendFailure(message, error);
                    }
                } finally {
                    window.release();
                }
            });
            progress.update(sent);
        }
        // Every call ends by its deadline (the client guarantees a callback), so the whole window comes back.
        if (!window.tryAcquire(windowSize, timeoutMillis + 10_000, TimeUnit.MILLISECONDS)) {
            problems.conclude((windowSize - window.availablePermits()) + " asynchronous sends never completed");
        }
        return sent;
    }

    /**
     * Sends oneway. Without acknowledgements nothing slows the producer down to the broker's pace, and a broker whose
     * send queue is full drops oneway requests; so every window of messages, the producer asks the broker
     * (GET_BROKER_RUNTIME_INFO) how many it has stored and waits while too many are still on their way.
     */
    private long sendOneway(long[] startOffsets) throws DemoException, InterruptedException {
        Progress progress = new Progress("sent");
        int windowSize = properties.getWindow();
        long sent = 0;
        for (int seq = 0; seq < count && !tooManyFailures(); seq++) {
            try {
                client.invokeOneway(address, sendRequest(seq), timeoutMillis);
                markSent(seq);
                sent++;
            } catch (RemotingException e) {
                onSendFailure(seq, e);
            }
            long mustBeStored = sent - (long) windowSize * ONEWAY_WINDOWS_IN_FLIGHT;
            if ((seq + 1) % windowSize == 0 && mustBeStored > 0) {
                awaitStored(startOffsets, mustBeStored);
            }
            progress.update(seq + 1);
        }
        return sent;
    }

    /** Waits until the broker has stored at least {@code target} of this run's messages. */
    private void awaitStored(long[] startOffsets, long target) throws DemoException, InterruptedException {
        long stalledSince = System.nanoTime();
        long lastStored = -1;
        while (true) {
            long[] offsets = queueOffsets(runtimeInfo());
            long stored = 0;
            for (int q = 0; q < queues; q++) {
                stored += offsets[q] - startOffsets[q];
            }
            if (stored >= target) {
                return;
            }
            if (stored != lastStored) {
                lastStored = stored;
                stalledSince = System.nanoTime();
            } else if (System.nanoTime() - stalledSince > properties.getReceiveTimeout().toNanos()) {
                throw new DemoException("the broker stored no oneway message for "
                        + properties.getReceiveTimeout().toSeconds() + " s (" + stored + " stored, " + target
                        + " expected): it drops them");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private void markSent(int seq) {
        sentSeqs.set(seq);
        sentToQueue[seq % queues]++;
    }

    private boolean tooManyFailures() {
        if (failed.get() < MAX_FAILED_SENDS) {
            return false;
        }
        problems.conclude("stopped sending after " + MAX_FAILED_SENDS + " failed sends");
        return true;
    }

    private void onAcknowledgement(int seq, RemotingCommand response, long nanos) {
        if (response.getCode() != RemotingSysResponseCode.SUCCESS) {
            failed.incrementAndGet();
            problems.add("message " + seq + " was refused: code " + response.getCode() + ", " + response.getRemark());
            return;
        }
        SendMessageResponseHeader header;
        try {
            header = response.decodeCommandCustomHeader(SendMessageResponseHeader.class);
        } catch (RemotingCommandException e) {
            failed.incrementAndGet();
            problems.add("message " + seq + " got an acknowledgement without its offset: " + e.getMessage());
            return;
        }
        if (header.getQueueId() != seq % queues) {
            problems.add("message " + seq + " was sent to queue " + (seq % queues) + " but acknowledged for queue "
                    + header.getQueueId());
        }
        ackedOffset[seq] = header.getQueueOffset();
        latencyNanos[seq] = nanos;
        acked.incrementAndGet();
    }

    private void onSendFailure(int seq, Throwable error) {
        failed.incrementAndGet();
        problems.add("message " + seq + " failed: " + error);
    }

    /** Pulls each queue from where this run started until every message sent to it is back, or time runs out. */
    private void receive(long[] startOffsets, Verifier verifier) throws InterruptedException {
        long deadline = System.nanoTime() + properties.getReceiveTimeout().toNanos();
        Progress progress = new Progress("received");
        for (int q = 0; q < queues; q++) {
            long offset = startOffsets[q];
            long expected = sentToQueue[q];
            long got = 0;
            while (got < expected) {
                long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMillis <= 0) {
                    problems.conclude("queue " + q + ": " + got + " of " + expected + " messages pulled back "
                            + "before the receive timeout (" + properties.getReceiveTimeout().toSeconds() + " s)");
                    break;
                }
                // Oneway messages may still be on their way: let the broker hold the pull until one arrives.
                long suspend = mode == Mode.ONEWAY ? Math.min(properties.getPollTimeout().toMillis(), remainingMillis)
                        : 0;
                RemotingCommand response;
                try {
                    response = client.invokeSync(address, RemotingCommand.createRequestCommand(
                            BrokerCodes.PULL_MESSAGE, new PullMessageRequestHeader(properties.getConsumerGroup(),
                                    topic, q, offset, properties.getPullBatch(), suspend)),
                            suspend + timeoutMillis);
                } catch (RemotingException e) {
                    problems.add("queue " + q + ": pull at offset " + offset + " failed: " + e);
                    break;
                }
                if (response.getCode() == RemotingSysResponseCode.SUCCESS) {
                    long next;
                    try {
                        next = readMessages(q, offset, response, verifier);
                    } catch (RemotingCommandException e) {
                        // Pulling again would get the same body: what is missing is reported by the verification.
                        problems.add("queue " + q + ": pull at offset " + offset + " answered a " + e.getMessage());
                        break;
                    }
                    got += next - offset;
                    offset = next;
                    progress.update(verifier.received);
                } else if (response.getCode() == BrokerCodes.PULL_NOT_FOUND && mode == Mode.ONEWAY) {
                    continue;
                } else if (response.getCode() == BrokerCodes.TOPIC_NOT_EXIST && mode == Mode.ONEWAY) {
                    // Not one message stored yet: wait a little for the first to arrive.
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                } else {
                    if (response.getCode() != BrokerCodes.PULL_NOT_FOUND) {
                        problems.add("queue " + q + ": pull at offset " + offset + " answered code "
                                + response.getCode() + ", " + response.getRemark());
                    }
                    // Everything stored has been read; verification reports what is missing.
                    break;
                }
            }
        }
    }

    /** Reads the messages of a pull response into the verifier; returns the offset to pull from next. */
    private long readMessages(int queue, long offset, RemotingCommand response, Verifier verifier)
            throws RemotingCommandException {
        long expected = offset;
        for (PulledMessage message : PullBody.decode(response.getBody() == null ? new byte[0] : response.getBody())) {
            verifier.accept(queue, expected, message.queueOffset(), message.body());
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

    /** Checks that every acknowledged (ONEWAY: sent) message was received where it belongs; returns how many were. */
    private long verify(Verifier verifier, long sent) {
        long expected = 0;
        long verified = 0;
        for (int seq = sentSeqs.nextSetBit(0); seq >= 0; seq = sentSeqs.nextSetBit(seq + 1)) {
            long at = verifier.receivedOffset[seq];
            if (mode == Mode.ONEWAY) {
                expected++;
                if (at >= 0) {
                    verified++;
                } else {
                    problems.add("message " + seq + " (queue " + (seq % queues) + ") was sent but never received");
                }
            } else if (ackedOffset[seq] >= 0) {
                expected++;
                if (at == ackedOffset[seq]) {
                    verified++;
                } else {
                    problems.add("message " + seq + " was acknowledged at queue " + (seq % queues) + " offset "
                            + ackedOffset[seq] + " but " + (at < 0 ? "never received" : "received at offset " + at));
                }
            }
        }
        if (verified < expected) {
            problems.conclude((expected - verified) + " of " + expected
                    + (mode == Mode.ONEWAY ? " sent" : " acknowledged") + " messages were missing or misplaced");
        }
        if (mode == Mode.SYNC) {
            for (int q = 0; q < queues; q++) {
                long previous = -1;
                for (int seq = q; seq < count; seq += queues) {
                    if (ackedOffset[seq] >= 0) {
                        if (ackedOffset[seq] <= previous) {
                            problems.add("queue " + q + ": message " + seq + " was stored at offset "
                                    + ackedOffset[seq] + ", before an earlier message");
                        }
                        previous = ackedOffset[seq];
                    }
                }
            }
        }
        if (sent < count) {
            problems.conclude("only " + sent + " of " + count + " messages were sent");
        }
        if (mode != Mode.ONEWAY && acked.get() < sent) {
            problems.conclude((sent - acked.get()) + " of " + sent + " sends were not acknowledged");
        }
        return verified;
    }

    private long[] acknowledgedLatencies() {
        long[] latencies = new long[(int) acked.get()];
        int n = 0;
        for (int seq = 0; seq < count && n < latencies.length; seq++) {
            if (ackedOffset[seq] >= 0) {
                latencies[n++] = latencyNanos[seq];
            }
        }
        latencies = Arrays.copyOf(latencies, n);
        Arrays.sort(latencies);
        return latencies;
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private RemotingCommand call(RemotingCommand request, long timeout, String what)
            throws DemoException, InterruptedException {
        try {
            return client.invokeSync(address, request, timeout);
        } catch (RemotingException e) {
            throw new DemoException(what + " to the broker at " + address + " failed: " + e.getMessage(), e);
        }
    }

    /** Logs every 10% of a long phase. */
    private final class Progress {

        private final String verb;
        private final long step = Math.max(1, count / 10);
        private long next = step;

        Progress(String verb) {
            this.verb = verb;
        }

        void update(long done) {
            if (done >= next && count >= 10_000) {
                log.info("  {} {}/{} ({}%)", verb, String.format("%,d", done), String.format("%,d", count),
                        done * 100 / count);
            }
            while (next <= done) {
                next += step;
            }
        }
    }

    /** Takes each pulled message apart and checks it; confined to the pulling thread. */
    private final class Verifier {

        /** Offset each message was received at, by sequence number; -1 when not received. */
        final long[] receivedOffset = new long[count];
        long received;

        Verifier() {
            Arrays.fill(receivedOffset, -1);
        }

        void accept(int queue, long expectedOffset, long offset, byte[] body) {
            received++;
            if (offset != expectedOffset) {
                problems.add("queue " + queue + ": expected the message at offset " + expectedOffset + ", got "
                        + offset);
            }
            long seq = bodies.sequenceOf(body);
            if (seq < 0 || seq >= count) {
                problems.add("queue " + queue + " offset " + offset + ": a body this run did not send, or damaged ("
                        + body.length + " bytes)");
                return;
            }
            int message = (int) seq;
            if (message % queues != queue) {
                problems.add("message " + message + " belongs to queue " + (message % queues) + " but came from queue "
                        + queue);
                return;
            }
            if (receivedOffset[message] >= 0) {
                problems.add("message " + message + " received twice, at offsets " + receivedOffset[message] + " and "
                        + offset);
                return;
            }
            receivedOffset[message] = offset;
        }
    }
}
