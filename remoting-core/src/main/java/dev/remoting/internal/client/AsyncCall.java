package dev.remoting.internal.client;

import dev.remoting.InvokeCallback;
import dev.remoting.RemotingMetricsListener.InvokeMode;
import dev.remoting.ResponseFuture;
import dev.remoting.exception.RemotingException;
import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.internal.call.Call;
import dev.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The way back of one async client call, between the response table and the caller's callback: a GO_AWAY answer
 * retires the channel and, for a retryable request, is replaced by the answer to one retry (see
 * {@link ClientCalls#retryAfter}), as is a failed send when {@link ClientCalls#retryAfterSendFailure} says so; a
 * response the caller gets passes the after-hooks first, with the address it came from; a timeout tells
 * {@link ClientCalls#timedOut} (which moves "any name server" calls on). An intercepted call's delegate is its
 * {@link InterceptedCallback}, told after the after-hooks.
 */
final class AsyncCall implements InvokeCallback {

    private final ClientCalls calls;
    private final Call call;
    private final @Nullable String addr;
    private final String remote;
    private final RemotingCommand request;
    private final @Nullable InvokeCallback delegate;
    private final Channel channel;
    private final RemotingCommand sent;
    private final boolean firstAttempt;
    /** For "any name server" calls only: the time left when sent, which says whether a timeout proves anything. */
    private final long remainingAtSend;
    private boolean retrying;

    AsyncCall(ClientCalls calls, Call call, @Nullable String addr, Channel channel, RemotingCommand request,
            @Nullable InvokeCallback delegate) {
        this(calls, call, addr, ChannelTable.addressOf(channel), request, delegate, channel, request, true);
    }

    private AsyncCall(ClientCalls calls, Call call, @Nullable String addr, String remote, RemotingCommand request,
            @Nullable InvokeCallback delegate, Channel channel, RemotingCommand sent, boolean firstAttempt) {
        this.calls = calls;
        this.call = call;
        this.addr = addr;
        this.remote = remote;
        this.request = request;
        this.delegate = delegate;
        this.channel = channel;
        this.sent = sent;
        this.firstAttempt = firstAttempt;
        this.remainingAtSend = addr == null ? call.remaining() : 0;
    }

    @Override
    public void operationSucceed(RemotingCommand response) {
        if (calls.retryAfter(channel, sent, response, call, firstAttempt)) {
            // operationComplete follows on this thread and sends the retry; the caller hears of it only.
            retrying = true;
            return;
        }
        if (delegate != null) {
            if (InterceptedCallback.reachesCaller(delegate)) {
                // Hooks see the request as the caller made it, whichever attempt was answered.
                calls.endpoint().hooks().after(remote, request, response);
            }
            delegate.operationSucceed(response);
        }
    }

    @Override
    public void operationFail(Throwable throwable) {
        if (addr == null && throwable instanceof RemotingTimeoutException) {
            calls.timedOut(null, channel, remote, remainingAtSend, call.timeoutMillis(), false);
        }
        if (throwable instanceof RemotingSendRequestException failure
                && calls.retryAfterSendFailure(failure, addr, channel, sent, call, firstAttempt)) {
            // As after a GO_AWAY: operationComplete follows on this thread and sends the retry.
            retrying = true;
            return;
        }
        if (delegate != null) {
            delegate.operationFail(throwable);
        }
    }

    @Override
    public void operationComplete(ResponseFuture responseFuture) {
        if (!retrying) {
            if (delegate != null) {
                delegate.operationComplete(responseFuture);
            }
            return;
        }
        // Connecting may block, and this may be a Netty thread: retry from the public executor.
        try {
            calls.endpoint().publicExecutor().execute(() -> retry(responseFuture));
        } catch (RejectedExecutionException e) {
            fail(responseFuture, new RemotingSendRequestException(addr,
                    new IllegalStateException("client shut down before the retry")));
        }
    }

    private void retry(ResponseFuture first) {
        RemotingCommand copy = ClientCalls.copyForRetry(sent);
        try {
            if (call.remaining() <= 0) {
                throw new RemotingTimeoutException("retry of a call to " + remote + ": no time left");
            }
            Channel next = calls.channelFor(addr, copy, call, InvokeMode.ASYNC,
                    InterceptedCallback.interceptedCall(delegate), remote);
            if (call.remaining() <= 0) {
                throw new RemotingTimeoutException("retry of a call to " + remote + ": no time left");
            }
            calls.endpoint().invoker().invokeAsync(next, copy, call,
                    new AsyncCall(calls, call, addr, ChannelTable.addressOf(next), request, delegate, next, copy,
                            false));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(first, e);
        } catch (RemotingException | RuntimeException e) {
            fail(first, e);
        }
    }

    private void fail(ResponseFuture first, Throwable cause) {
        if (delegate != null) {
            try {
                delegate.operationFail(cause);
            } finally {
                delegate.operationComplete(first);
            }
        }
    }
}
