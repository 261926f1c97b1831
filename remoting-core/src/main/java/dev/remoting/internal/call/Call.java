package dev.remoting.internal.call;

import java.util.concurrent.TimeUnit;

/**
 * The clock of one call: when it started and how long it may take. Every step of the call (connecting, the hooks,
 * waiting for a permit, waiting for the response, a retry after GO_AWAY) spends from the same budget.
 */
public final class Call {

    private final long startNanos;
    private final long timeoutMillis;

    private Call(long startNanos, long timeoutMillis) {
        this.startNanos = startNanos;
        this.timeoutMillis = timeoutMillis;
    }

    /** Starts a call's clock now. */
    public static Call start(long timeoutMillis) {
        return new Call(System.nanoTime(), timeoutMillis);
    }

    /** Returns the milliseconds left before the deadline; zero or less once it has passed. */
    public long remaining() {
        return timeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** Returns the timeout the call started with. */
    public long timeoutMillis() {
        return timeoutMillis;
    }
}
