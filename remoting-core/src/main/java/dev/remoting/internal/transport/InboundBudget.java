package dev.remoting.internal.transport;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes one server may hold for what its peers sent and it has not finished with: frames being received (counted
 * at their full length as soon as their length field arrives) and requests decoded but not yet processed. Shared by
 * all connections of the server. A connection whose next frame does not fit waits, reading nothing, until other
 * frames and requests release enough; connections wake in the order they started waiting.
 *
 * <p>Taking and giving back are one atomic update each; the queue of waiting connections is touched only when a
 * connection has to wait, and looked at (one volatile read) on each release.
 */
public final class InboundBudget {

    /**
     * Frames of at most this size are let in over the budget when their connection holds nothing else: every
     * connection can always get one small request through, which a single read of the socket holds anyway, so that a
     * well-behaved client is served while others hold the budget.
     */
    public static final int SMALL_FRAME = 64 * 1024;

    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final Queue<InboundGate> waiting = new ConcurrentLinkedQueue<>();

    public InboundBudget(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("inbound budget must be greater than 0, was " + limit);
        }
        this.limit = limit;
    }

    /** Returns the budget in bytes. */
    public long limit() {
        return limit;
    }

    /** Returns the bytes held now, for monitoring. */
    public long used() {
        return used.get();
    }

    /** Takes {@code bytes} if they fit under the limit; returns whether they did. */
    boolean tryTake(long bytes) {
        long current;
        do {
            current = used.get();
            if (current + bytes > limit) {
                return false;
            }
        } while (!used.compareAndSet(current, current + bytes));
        return true;
    }

    /** Takes {@code bytes} whatever the limit (a small frame of a connection that holds nothing else). */
    void force(long bytes) {
        used.addAndGet(bytes);
    }

    /** Gives {@code bytes} back and wakes the connections waiting at the head of the queue whose frames now fit. */
    public void release(long bytes) {
        if (bytes <= 0) {
            return;
        }
        used.addAndGet(-bytes);
        if (!waiting.isEmpty()) {
            wakeWhatFits();
        }
    }

    void await(InboundGate gate) {
        waiting.add(gate);
        // A release between the failed take and the add would have found nobody to wake.
        wakeWhatFits();
    }

    private void wakeWhatFits() {
        long room = limit - used.get();
        InboundGate head;
        while ((head = waiting.peek()) != null) {
            long wanted = head.wantedBytes();
            if (wanted > room && head.isOpen()) {
                return;
            }
            if (waiting.remove(head)) {
                room -= wanted;
                head.wake();
            }
        }
    }
}
