package dev.remoting.internal.call;

import dev.remoting.RemotingMetricsListener;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.remoting.internal.transport.LogThrottle;
import org.slf4j.event.Level;

/**
 * A user's metrics listener that can never throw into a call: it is called on callers' threads, executor threads
 * and Netty future listeners, where an exception would fail the call it only meant to count, or vanish.
 */
final class GuardedMetricsListener implements RemotingMetricsListener {

    private static final Logger log = LoggerFactory.getLogger(GuardedMetricsListener.class);

    private final RemotingMetricsListener delegate;
    // A listener that fails once fails on every call: one line per interval, not one per request.
    private final LogThrottle throttle = new LogThrottle();

    private GuardedMetricsListener(RemotingMetricsListener delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** Guards the listener; {@link RemotingMetricsListener#NOOP} stays as it is, with nothing to guard. */
    static RemotingMetricsListener of(RemotingMetricsListener listener) {
        Objects.requireNonNull(listener, "listener");
        return listener == NOOP || listener instanceof GuardedMetricsListener ? listener
                : new GuardedMetricsListener(listener);
    }

    @Override
    public void requestProcessed(int requestCode, boolean known, int responseCode, long durationNanos) {
        try {
            delegate.requestProcessed(requestCode, known, responseCode, durationNanos);
        } catch (RuntimeException e) {
            throttle.log(log, Level.WARN, "metrics listener {} failed on request {}: {}", delegate, requestCode,
                    e.toString());
        }
    }

    @Override
    public void callCompleted(int requestCode, InvokeMode mode, CallOutcome outcome, int responseCode,
            long durationNanos) {
        try {
            delegate.callCompleted(requestCode, mode, outcome, responseCode, durationNanos);
        } catch (RuntimeException e) {
            throttle.log(log, Level.WARN, "metrics listener {} failed on call {}: {}", delegate, requestCode,
                    e.toString());
        }
    }
}
