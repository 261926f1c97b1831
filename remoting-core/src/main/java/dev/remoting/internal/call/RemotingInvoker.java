package dev.remoting.internal.call;

import dev.remoting.Interception;
import dev.remoting.InvokeCallback;
import dev.remoting.RemotingHelper;
import dev.remoting.RemotingMetricsListener.CallOutcome;
import dev.remoting.RemotingMetricsListener.InvokeMode;
import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.exception.RemotingTooMuchRequestException;
import dev.remoting.internal.transport.LogThrottle;
import dev.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Sends requests on a channel: takes a permit, registers the call in the {@link ResponseTable}, writes. Permits are
 * taken on the caller's thread, waiting up to the call's timeout, so a caller that outruns its peer is slowed down.
 * On a Netty thread it never waits: blocking there would stall the thread that releases the permits.
 */
public final class RemotingInvoker {

    private static final Logger log = LoggerFactory.getLogger(RemotingInvoker.class);

    private final Semaphore asyncPermits;
    private final Semaphore onewayPermits;
    private final ResponseTable responseTable;
    private final LogThrottle onewayFailures = new LogThrottle();

    RemotingInvoker(int asyncPermits, int onewayPermits, ResponseTable responseTable) {
        this.asyncPermits = new Semaphore(asyncPermits, true);
        this.onewayPermits = new Semaphore(onewayPermits, true);
        this.responseTable = responseTable;
    }

    public int availableAsyncPermits() {
        return asyncPermits.availablePermits();
    }

    public int availableOnewayPermits() {
        return onewayPermits.availablePermits();
    }

    /** Sends a request and waits for its response within what is left of the call's time. */
    public RemotingCommand invokeSync(Channel channel, RemotingCommand request, Call call)
            throws InterruptedException, RemotingSendRequestException, RemotingTimeoutException,
            RemotingTooMuchRequestException {
        if (ThreadExecutorMap.currentExecutor() != null) {
            // Waiting here would block an event loop, possibly the very one that must read the response.
            throw new IllegalStateException("invokeSync must not be called on a Netty I/O or worker thread; use "
                    + "invokeAsync or run the call on an executor");
        }
        PendingCall future = send(channel, request, call, null, InvokeMode.SYNC);
        long remaining = call.remaining();
        try {
            RemotingCommand response = future.await(Math.max(remaining, 0));
            if (response != null) {
                return response;
            }
            if (responseTable.expire(future)) {
                throw (RemotingTimeoutException) future.getCause();
            }
            // The response (or a failure) won the race against our deadline: take it.
            return future.join();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RemotingSendRequestException sendFailed) {
                throw sendFailed;
            }
            if (cause instanceof RemotingTimeoutException timedOut) {
                throw timedOut;
            }
            throw new RemotingSendRequestException(RemotingHelper.parseChannelRemoteAddr(channel), cause);
        } catch (InterruptedException e) {
            responseTable.failSend(future, e);
            throw e;
        }
    }

    /** Sends a request whose outcome goes to the callback, at the latest when the call's time is up. */
    public void invokeAsync(Channel channel, RemotingCommand request, Call call, @Nullable InvokeCallback callback)
            throws InterruptedException, RemotingTooMuchRequestException, RemotingTimeoutException {
        send(channel, request, call, callback, InvokeMode.ASYNC);
    }

    /**
     * Writes a request that gets no response; the call's time only bounds the wait for a permit. The
     * {@code interception} ends when the write completes; when this throws, the write never started and ending it is
     * the caller's part.
     */
    public void invokeOneway(Channel channel, RemotingCommand request, Call call, Interception interception)
            throws InterruptedException, RemotingTooMuchRequestException, RemotingTimeoutException {
        request.markOnewayRPC();
        long start = System.nanoTime();
        acquire(onewayPermits, call.remaining(), "oneway", request, InvokeMode.ONEWAY);
        OnewayWrite write = new OnewayWrite(request.getCode(), start, interception);
        try {
            channel.writeAndFlush(request).addListener(write);
        } catch (RuntimeException e) {
            write.release();
            throw e;
        }
    }

    private PendingCall send(Channel channel, RemotingCommand request, Call call, @Nullable InvokeCallback callback,
            InvokeMode mode) throws InterruptedException, RemotingTooMuchRequestException, RemotingTimeoutException {
        long start = System.nanoTime();
        long timeoutMillis = call.remaining();
        acquire(asyncPermits, timeoutMillis, "async", request, mode);
        long remaining = call.remaining();
        if (remaining <= 0) {
            asyncPermits.release();
            responseTable.metrics().callCompleted(request.getCode(), mode, CallOutcome.TOO_MANY_REQUESTS, -1,
                    System.nanoTime() - start);
            throw new RemotingTooMuchRequestException("invoke too fast: the permit came after the " + timeoutMillis
                    + "ms timeout");
        }
        PendingCall candidate = new PendingCall(channel, request, remaining, callback, mode, asyncPermits);
        while (!responseTable.tryPut(candidate)) {
            // The same command object sent twice: give the copy its own id rather than steal the first one's.
            request.renewOpaque();
            candidate = new PendingCall(channel, request, remaining, callback, mode, asyncPermits);
        }
        PendingCall future = candidate;
        if (mode == InvokeMode.ASYNC) {
            // Sync callers enforce their own deadline while they wait; only async calls need the timer.
            responseTable.scheduleDeadline(future);
        }
        try {
            channel.writeAndFlush(request).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    responseTable.failSend(future, f.cause());
                }
            });
        } catch (RuntimeException e) {
            responseTable.failSend(future, e);
        }
        return future;
    }

    private void acquire(Semaphore permits, long timeoutMillis, String kind, RemotingCommand request,
            InvokeMode mode) throws InterruptedException, RemotingTooMuchRequestException {
        long start = System.nanoTime();
        boolean acquired = ThreadExecutorMap.currentExecutor() != null || timeoutMillis <= 0
                ? permits.tryAcquire()
                : permits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS);
        if (!acquired) {
            responseTable.metrics().callCompleted(request.getCode(), mode, CallOutcome.TOO_MANY_REQUESTS, -1,
                    System.nanoTime() - start);
            throw new RemotingTooMuchRequestException("invoke too fast: no " + kind + " permit within "
                    + Math.max(timeoutMillis, 0) + "ms, " + permits.getQueueLength() + " callers waiting");
        }
    }

    /**
     * The end of one oneway call, as one object: its permit, released once whichever path gets there first, and its
     * report and its interception's end when the write completes.
     */
    private final class OnewayWrite implements ChannelFutureListener {
        private final int code;
        private final long start;
        private final Interception interception;
        private boolean released;

        OnewayWrite(int code, long start, Interception interception) {
            this.code = code;
            this.start = start;
            this.interception = interception;
        }

        synchronized void release() {
            if (!released) {
                released = true;
                onewayPermits.release();
            }
        }

        @Override
        public void operationComplete(ChannelFuture f) {
            release();
            responseTable.metrics().callCompleted(code, InvokeMode.ONEWAY,
                    f.isSuccess() ? CallOutcome.SUCCESS : CallOutcome.SEND_FAILED, -1, System.nanoTime() - start);
            if (!f.isSuccess()) {
                // Every pending oneway write fails when a connection closes: up to all the permits at once.
                onewayFailures.log(log, Level.WARN, "send a oneway request {} to {} failed: {}", code,
                        RemotingHelper.parseChannelRemoteAddr(f.channel()), String.valueOf(f.cause()));
            }
            interception.end(null, f.isSuccess() ? null : f.cause());
        }
    }
}
