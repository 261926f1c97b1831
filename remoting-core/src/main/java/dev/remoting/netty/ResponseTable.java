package dev.remoting.netty;

import dev.remoting.RemotingMetricsListener;
import dev.remoting.RemotingMetricsListener.CallOutcome;
import dev.remoting.RemotingMetricsListener.InvokeMode;
import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls waiting for a response, keyed by opaque. Every way out (response, deadline, failed write, closed channel,
 * shutdown) goes through an atomic {@code remove}, so each call ends exactly once. Deadlines are exact (a timer
 * per call that has a callback; the caller's own wait for sync calls); a one-second scan is only a safety net.
 */
final class ResponseTable {

    private static final Logger log = LoggerFactory.getLogger(ResponseTable.class);
    private static final long SCAN_INTERVAL_MILLIS = 1000;

    private final ConcurrentHashMap<Integer, ResponseFuture> table = new ConcurrentHashMap<>(256);
    private final HashedWheelTimer timer;
    private final Supplier<Executor> callbackExecutor;
    private volatile RemotingMetricsListener metrics = RemotingMetricsListener.NOOP;

    ResponseTable(String timerName, Supplier<Executor> callbackExecutor) {
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

    void put(ResponseFuture future, boolean scheduleDeadline) {
        if (table.putIfAbsent(future.getOpaque(), future) != null) {
            throw new IllegalStateException("opaque " + future.getOpaque() + " is already pending");
        }
        if (scheduleDeadline) {
            try {
                future.deadline(timer.newTimeout(t -> expire(future), future.getTimeoutMillis(),
                        TimeUnit.MILLISECONDS));
            } catch (IllegalStateException stopped) {
                // The timer stops at shutdown: undo the registration so that neither entry nor permit leaks.
                table.remove(future.getOpaque(), future);
                future.releasePermit();
                throw new IllegalStateException("remoting service is shut down", stopped);
            }
        }
    }

    boolean contains(int opaque) {
        return table.containsKey(opaque);
    }

    int size() {
        return table.size();
    }

    void onResponse(RemotingCommand response, Channel channel) {
        ResponseFuture future = table.remove(response.getOpaque());
        if (future == null) {
            log.warn("receive response, but not matched any request, {} {}",
                    RemotingHelper.parseChannelRemoteAddr(channel), response);
            return;
        }
        finish(future, response, null, false);
    }

    /** Expires the call if it is still pending; returns false when something else ended it first. */
    boolean expire(ResponseFuture future) {
        if (!table.remove(future.getOpaque(), future)) {
            return false;
        }
        finish(future, null, new RemotingTimeoutException(RemotingHelper.parseChannelRemoteAddr(future.getChannel()),
                future.getTimeoutMillis()), false);
        return true;
    }

    /** Fails the call because its request could not be written. */
    void failSend(ResponseFuture future, Throwable cause) {
        if (table.remove(future.getOpaque(), future)) {
            finish(future, null, new RemotingSendRequestException(
                    RemotingHelper.parseChannelRemoteAddr(future.getChannel()), cause), true);
        }
    }

    /** Fails every call pending on a channel that closed. */
    void failChannel(Channel channel) {
        for (ResponseFuture future : table.values()) {
            if (future.getChannel() == channel && table.remove(future.getOpaque(), future)) {
                finish(future, null, new RemotingSendRequestException(RemotingHelper.parseChannelRemoteAddr(channel),
                        new IllegalStateException("channel closed before the response arrived")), true);
            }
        }
    }

    void failAll(String reason) {
        for (ResponseFuture future : table.values()) {
            if (table.remove(future.getOpaque(), future)) {
                finish(future, null, new RemotingSendRequestException(
                        RemotingHelper.parseChannelRemoteAddr(future.getChannel()), new IllegalStateException(reason)),
                        true);
            }
        }
    }

    void stop() {
        timer.stop();
    }

    private void scan(Timeout ignored) {
        try {
            long now = System.currentTimeMillis();
            for (ResponseFuture future : table.values()) {
                if (future.deadlineMillis() <= now && expire(future)) {
                    log.warn("remove timeout request by scan, {}", future);
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

    private void finish(ResponseFuture future, RemotingCommand response, Throwable failure, boolean sendFailed) {
        future.complete(response, failure, sendFailed);
        metrics.callCompleted(future.getRequestCommand().getCode(),
                future.getInvokeCallback() == null ? InvokeMode.SYNC : InvokeMode.ASYNC,
                response != null ? CallOutcome.SUCCESS : sendFailed ? CallOutcome.SEND_FAILED : CallOutcome.TIMEOUT,
                future.elapsedNanos());
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

    private static void runCallback(ResponseFuture future) {
        try {
            future.executeInvokeCallback();
        } catch (RuntimeException e) {
            log.warn("invoke callback threw", e);
        }
    }
}
