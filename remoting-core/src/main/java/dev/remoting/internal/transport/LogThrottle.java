package dev.remoting.internal.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Lets one log line through per interval for a kind of event that a peer can cause at will (an unknown request code,
 * a malformed header, a full executor, a refused connection), so that a flood of them cannot flood the log too. The
 * line that gets through says how many were held back before it; the others go to debug.
 */
public final class LogThrottle {

    static final long DEFAULT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final long intervalNanos;
    private final AtomicLong lastPass;
    private final AtomicLong held = new AtomicLong();

    public LogThrottle() {
        this(DEFAULT_INTERVAL_NANOS);
    }

    LogThrottle(long intervalNanos) {
        this.intervalNanos = intervalNanos;
        this.lastPass = new AtomicLong(System.nanoTime() - intervalNanos);
    }

    /**
     * Logs an event at {@code level} when it passes, saying how many were held back before it if any, and at debug
     * when it does not.
     */
    public void log(Logger log, Level level, String format, @Nullable Object... arguments) {
        long held = tryPass();
        if (held < 0) {
            log.atDebug().log(format, arguments);
        } else if (held == 0) {
            log.atLevel(level).log(format, arguments);
        } else {
            // The count goes before a trailing throwable, which SLF4J logs with its stack trace only when last.
            int at = arguments.length > 0 && arguments[arguments.length - 1] instanceof Throwable
                    ? arguments.length - 1 : arguments.length;
            Object[] withHeld = new Object[arguments.length + 1];
            System.arraycopy(arguments, 0, withHeld, 0, at);
            withHeld[at] = held;
            System.arraycopy(arguments, at, withHeld, at + 1, arguments.length - at);
            log.atLevel(level).log(format + " ({} similar lines held back before this one)", withHeld);
        }
    }

    /**
     * Returns how many events were held back since the last one that passed when this one may be logged at its
     * level, or -1 when it should only go to debug.
     */
    long tryPass() {
        long now = System.nanoTime();
        long last = lastPass.get();
        if (now - last >= intervalNanos && lastPass.compareAndSet(last, now)) {
            return held.getAndSet(0);
        }
        held.incrementAndGet();
        return -1;
    }
}
