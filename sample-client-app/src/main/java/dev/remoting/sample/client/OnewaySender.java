package dev.remoting.sample.client;

import dev.remoting.exception.RemotingException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * ONEWAY: fire and forget. Without acknowledgements nothing slows the producer down to the broker's pace, and a
 * broker whose send queue is full drops oneway requests; so every window of messages, the producer asks the broker
 * (GET_BROKER_RUNTIME_INFO) how many it has stored and waits while too many are still on their way.
 */
final class OnewaySender implements Sender {

    /** How many windows of messages may be sent but not yet stored by the broker. */
    private static final int WINDOWS_IN_FLIGHT = 4;

    private final BrokerEndpoint broker;
    private final int count;
    private final int windowSize;
    private final Duration stallTimeout;
    private final RequestFactory requests;
    private final SendLedger ledger;
    private final BrokerCalls calls;
    private final long[] startOffsets;

    /** {@code startOffsets} are the topic's queue offsets before the run: this run's messages are stored beyond. */
    OnewaySender(BrokerEndpoint broker, DemoProperties properties, RequestFactory requests, SendLedger ledger,
            BrokerCalls calls, long[] startOffsets) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.count = properties.getCount();
        this.windowSize = properties.getWindow();
        this.stallTimeout = properties.getReceiveTimeout();
        this.requests = Objects.requireNonNull(requests, "requests");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.startOffsets = startOffsets.clone();
    }

    @Override
    public void sendAll() throws DemoException, InterruptedException {
        Progress progress = new Progress("sent", count);
        for (int seq = 0; seq < count && !ledger.tooManyFailures(); seq++) {
            try {
                broker.api().sendOneway(broker.address(), requests.send(seq), requests.body(seq));
                ledger.sent(seq);
            } catch (RemotingException e) {
                ledger.failed(seq, e);
            }
            long mustBeStored = ledger.sent() - (long) windowSize * WINDOWS_IN_FLIGHT;
            if ((seq + 1) % windowSize == 0 && mustBeStored > 0) {
                awaitStored(mustBeStored);
            }
            progress.update(seq + 1);
        }
    }

    /** Waits until the broker has stored at least {@code target} of this run's messages. */
    private void awaitStored(long target) throws DemoException, InterruptedException {
        long stalledSince = System.nanoTime();
        long lastStored = -1;
        while (true) {
            long[] offsets = calls.queueOffsets();
            long stored = 0;
            for (int q = 0; q < startOffsets.length; q++) {
                stored += offsets[q] - startOffsets[q];
            }
            if (stored >= target) {
                return;
            }
            if (stored != lastStored) {
                lastStored = stored;
                stalledSince = System.nanoTime();
            } else if (System.nanoTime() - stalledSince > stallTimeout.toNanos()) {
                throw new DemoException("the broker stored no oneway message for " + stallTimeout.toSeconds()
                        + " s (" + stored + " stored, " + target + " expected): it drops them");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
