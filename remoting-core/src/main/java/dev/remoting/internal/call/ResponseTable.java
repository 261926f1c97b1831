package dev.remoting.internal.call;

import dev.remoting.RemotingHelper;
import dev.remoting.RemotingMetricsListener;
import dev.remoting.RemotingMetricsListener.CallOutcome;
import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.internal.transport.LogThrottle;
import dev.remoting.internal.transport.PeerFailure;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import io.netty.channel.Channel;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Calls waiting for a response, keyed by opaque. Every way out (response, deadline, failed write, closed channel,
 * shutdown) goes through an atomic {@code remove}, so each call ends exactly once. Deadlines are exact (a timer
 * per call that has a callback; the caller's own wait for sync calls); a one-second scan is only a safety net.
 */
public final class ResponseTable {

    private static final Logger log = LoggerFactory.getLogger(ResponseTable.class);
    private static final long SCAN_INTERVAL_MILLIS = 1000;

    private final ConcurrentHashMap<Integer, PendingCall> table = new ConcurrentHashMap<>(256);
    private final HashedWheelTimer timer;
    private final Supplier<@Nullable Executor> callbackExecutor;
    /** Channels to close as soon as no call is pending on them: those retired after a GO_AWAY. */
    private final Set<Channel> closeWhenIdle = ConcurrentHashMap.newKeySet();
    private final LogThrottle unmatched = new LogThrottle();
    private final LogThrottle scanExpired = new LogThrottle();
    private volatile RemotingMetricsListener metrics = RemotingMetricsListener.NOOP;

    /** @param callbackExecutor where callbacks run; {@code null} from it means on the completing thread */
    ResponseTable(String timerName, Supplier<@Nullable Executor> callbackExecutor) {
        Objects.requireNonNull(callbackExecutor, "callbackExecutor");
        this.timer = new HashedWheelTimer(r -> {
            Thread t = new Thread(r, timerName);
            t.setDaemon(true);
            return t;
        }, 10, TimeUnit.MILLISECONDS);
        this.callbackExecutor = callbackExecutor;
    }

    void metrics(RemotingMetricsListener metrics) {
        this.metrics = metrics;
    }

    RemotingMetricsListener metrics() {
        return metrics;
    }

    void start() {
        timer.start();
        timer.newTimeout(this::scan, SCAN_INTERVAL_MILLIS * 3, TimeUnit.MILLISECONDS);
    }

    /** Adds a call; returns false, changing nothing, when a call with the same opaque is pending. */
    boolean tryPut(PendingCall future) {
        return table.putIfAbsent(future.getOpaque(), future) == null;
    }

    /** Arms the call's deadline timer (async calls; sync callers time their own wait). */
    void scheduleDeadline(PendingCall future) {
        try {
            future.deadline(timer.newTimeout(t -> expire(future), future.getTimeoutMillis(), TimeUnit.MILLISECONDS));
        } catch (IllegalStateException stopped) {
            // The timer stops at shutdown: undo the registration so that neither entry nor permit leaks.
            table.remove(future.getOpaque(), future);
            future.releasePermit();
            throw new IllegalStateException("remoting service is shut down", stopped);
        }
    }

    public int size() {
        return table.size();
    }

    /** Counts the pending calls of each channel that has any: a scan, for monitoring. */
    public Map<Channel, Integer> sizeByChannel() {
        Map<Channel, Integer> counts = new HashMap<>();
        for (PendingCall future : table.values()) {
            counts.merge(future.getChannel(), 1, Integer::sum);
        }
        return counts;
    }

    public void onResponse(RemotingCommand response, Channel channel) {
        PendingCall future = table.get(response.getOpaque());
        // A response counts only on the connection its request went out on: another peer guessing the opaque
        // must not complete someone else's call.
        if (future == null || future.getChannel() != channel || !table.remove(response.getOpaque(), future)) {
            // A peer can send these at will: one line per interval, and never the whole command.
            unmatched.log(log, Level.WARN, "response matching no pending request from {}: code {}, opaque {}",
                    RemotingHelper.parseChannelRemoteAddr(channel), response.getCode(), response.getOpaque());
            return;
        }
        finish(future, response, null, false);
    }

    /** Expires the call if it is still pending; returns false when something else ended it first. */
    boolean expire(PendingCall future) {
        if (!table.remove(future.getOpaque(), future)) {
            return false;
        }
        finish(future, null, new RemotingTimeoutException(RemotingHelper.parseChannelRemoteAddr(future.getChannel()),
                future.getTimeoutMillis()), false);
        return true;
    }

    /** Fails the call because its request could not be written. */
    void failSend(PendingCall future, Throwable cause) {
        if (table.remove(future.getOpaque(), future)) {
            String addr = RemotingHelper.parseChannelRemoteAddr(future.getChannel());
            // A TLS handshake that fails fails the writes waiting for it: the caller learns why from the message.
            String reason = PeerFailure.reasonNotSent(future.getChannel(), addr, cause);
            finish(future, null, reason == null ? new RemotingSendRequestException(addr, cause)
                    : new RemotingSendRequestException(addr, reason, cause), true);
        }
    }

    /**
     * Closes the channel once no call is pending on it, at once if none is. The check runs on the channel's event
     * loop, behind the writes already handed to it.
     */
    public void closeWhenIdle(Channel channel) {
        if (!channel.isOpen() || !closeWhenIdle.add(channel)) {
            return;
        }
        checkIdle(channel);
    }

    private void checkIdle(Channel channel) {
        try {
            channel.eventLoop().execute(() -> closeIfIdle(channel));
        } catch (RejectedExecutionException shuttingDown) {
            // The event loop is going down, and the channel with it.
            closeIfIdle(channel);
        }
    }

    private void closeIfIdle(Channel channel) {
        if (closeWhenIdle.contains(channel) && !hasPending(channel) && closeWhenIdle.remove(channel)) {
            channel.close();
        }
    }

    /** Whether a call is pending on the channel: a scan, only for the few channels waiting to be closed. */
    private boolean hasPending(Channel channel) {
        for (PendingCall future : table.values()) {
            if (future.getChannel() == channel) {
                return true;
            }
        }
        return false;
    }

    /** Fails every call pending on a channel that closed. */
    void failChannel(Channel channel) {
        closeWhenIdle.remove(channel);
        String addr = RemotingHelper.parseChannelRemoteAddr(channel);
        String reason = PeerFailure.reasonClosed(channel, addr);
        for (PendingCall future : table.values()) {
            if (future.getChannel() == channel && table.remove(future.getOpaque(), future)) {
                IllegalStateException closed = new IllegalStateException("channel closed before the response arrived");
                finish(future, null, reason == null ? new RemotingSendRequestException(addr, closed)
                        : new RemotingSendRequestException(addr, reason, closed), true);
            }
        }
    }

    void failAll(String reason) {
        for (PendingCall future : table.values()) {
            if (table.remove(future.getOpaque(), future)) {
                finish(future, null, new RemotingSendRequestException(
                        RemotingHelper.parseChannelRemoteAddr(future.getChannel()), new IllegalStateException(reason)),
                        true);
            }
        }
    }

    void stop() {
        try {
            timer.stop();
        } catch (IllegalStateException calledFromTimer) {
            // shutdown() called from a callback running on the timer thread: the timer cannot stop itself, but it is
            // a daemon thread and every pending call is failed next, so nothing waits on it.
            log.debug("response table timer not stopped: shutdown was called from its own thread");
        }
    }

    private void scan(Timeout ignored) {
        try {
            for (PendingCall future : table.values()) {
                if (future.isPastDeadline() && expire(future)) {
                    scanExpired.log(log, Level.WARN, "remove timeout request by scan, {}", future);
                }
            }
        } catch (RuntimeException e) {
            log.error("scan of response table failed", e);
        }
        try {
            timer.newTimeout(this::scan, SCAN_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (IllegalStateException stopped) {
            // The timer was stopped by shutdown: no more scans.
        }
    }

    private void finish(PendingCall future, @Nullable RemotingCommand response, @Nullable Throwable failure,
            boolean sendFailed) {
        future.complete(response, failure, sendFailed);
        if (!closeWhenIdle.isEmpty() && closeWhenIdle.contains(future.getChannel())) {
            // The last call on a retired channel has ended: close it now rather than wait for the server to.
            checkIdle(future.getChannel());
        }
        metrics.callCompleted(future.getRequestCommand().getCode(), future.mode(), outcomeOf(response, sendFailed),
                response != null ? response.getCode() : -1, future.elapsedNanos());
        if (future.getInvokeCallback() == null) {
            return;
        }
        Executor executor = callbackExecutor.get();
        if (executor != null) {
            try {
                executor.execute(() -> runCallback(future));
                return;
            } catch (RejectedExecutionException e) {
                log.debug("callback executor rejected the callback, running it here", e);
            }
        }
        runCallback(future);
    }

    private static CallOutcome outcomeOf(@Nullable RemotingCommand response, boolean sendFailed) {
        if (response == null) {
            return sendFailed ? CallOutcome.SEND_FAILED : CallOutcome.TIMEOUT;
        }
        return response.getCode() == RemotingSysResponseCode.SUCCESS ? CallOutcome.SUCCESS
                : CallOutcome.ERROR_RESPONSE;
    }

    private static void runCallback(PendingCall future) {
        try {
            future.executeInvokeCallback();
        } catch (RuntimeException e) {
            log.warn("invoke callback threw", e);
        }
    }
}
