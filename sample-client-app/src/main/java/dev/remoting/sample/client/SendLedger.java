package dev.remoting.sample.client;

import dev.remoting.exception.RemotingResponseException;
import dev.remoting.sample.protocol.SendMessageResponseHeader;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What became of each send: which messages were handed to the client, and for each acknowledged one where the broker
 * stored it and how long the call took. Sends are recorded by the sending thread; acknowledgements and failures also
 * by the client's callback threads (ASYNC), and are read only once every call has completed.
 */
final class SendLedger {

    /** Failed sends after which the run stops sending: the broker is clearly not taking messages. */
    static final int MAX_FAILED_SENDS = 100;

    private final int count;
    private final int queues;
    private final Problems problems;

    /** Offset each acknowledged message was stored at, by sequence number; -1 when not acknowledged. */
    private final long[] ackedOffset;
    /** Call latency of each acknowledged message, by sequence number. */
    private final long[] latencyNanos;
    /** Sequence numbers handed to the client without an exception. */
    private final BitSet sentSeqs;
    private final long[] sentToQueue;
    private long sent;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    SendLedger(int count, int queues, Problems problems) {
        this.count = count;
        this.queues = queues;
        this.problems = Objects.requireNonNull(problems, "problems");
        this.ackedOffset = new long[count];
        Arrays.fill(ackedOffset, -1);
        this.latencyNanos = new long[count];
        this.sentSeqs = new BitSet(count);
        this.sentToQueue = new long[queues];
    }

    /** Records message {@code seq} as handed to the client. */
    void sent(int seq) {
        sentSeqs.set(seq);
        sentToQueue[seq % queues]++;
        sent++;
    }

    /** Records the broker's answer to message {@code seq}, which took {@code nanos} from call to answer. */
    void answered(int seq, SendMessageResponseHeader header, long nanos) {
        if (header.getQueueId() != seq % queues) {
            problems.add("message " + seq + " was sent to queue " + (seq % queues) + " but acknowledged for queue "
                    + header.getQueueId());
        }
        ackedOffset[seq] = header.getQueueOffset();
        latencyNanos[seq] = nanos;
        acked.incrementAndGet();
    }

    /** Records a send of message {@code seq} that the broker refused, or that failed before it answered. */
    void failed(int seq, Throwable error) {
        failed.incrementAndGet();
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof RemotingResponseException refused) {
            problems.add("message " + seq + " was refused: code " + refused.getCode() + ", " + refused.getRemark());
            return;
        }
        problems.add("message " + seq + " failed: " + cause);
    }

    /** Whether so many sends failed that sending should stop; says so among the problems when it is. */
    boolean tooManyFailures() {
        if (failed.get() < MAX_FAILED_SENDS) {
            return false;
        }
        problems.conclude("stopped sending after " + MAX_FAILED_SENDS + " failed sends");
        return true;
    }

    /** Returns how many messages were handed to the client. */
    long sent() {
        return sent;
    }

    /** Returns the sequence numbers of the messages handed to the client. */
    BitSet sentSeqs() {
        return (BitSet) sentSeqs.clone();
    }

    /** Returns how many messages were handed to the client for the queue. */
    long sentToQueue(int queue) {
        return sentToQueue[queue];
    }

    /** Returns how many sends the broker acknowledged. */
    long acked() {
        return acked.get();
    }

    /** Returns the offset message {@code seq} was acknowledged at, or -1 when it was not. */
    long ackedOffset(int seq) {
        return ackedOffset[seq];
    }

    /** Returns the call latencies of the acknowledged sends, in nanoseconds, in sequence order. */
    long[] ackedLatencies() {
        long[] latencies = new long[(int) acked.get()];
        int n = 0;
        for (int seq = 0; seq < count && n < latencies.length; seq++) {
            if (ackedOffset[seq] >= 0) {
                latencies[n++] = latencyNanos[seq];
            }
        }
        return Arrays.copyOf(latencies, n);
    }
}
