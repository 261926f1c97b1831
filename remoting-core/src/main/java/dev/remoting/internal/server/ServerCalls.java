package dev.remoting.internal.server;

import dev.remoting.InterceptedCall;
import dev.remoting.Interception;
import dev.remoting.InvokeCallback;
import dev.remoting.RemotingHelper;
import dev.remoting.RemotingMetricsListener.InvokeMode;
import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.exception.RemotingTooMuchRequestException;
import dev.remoting.internal.call.Call;
import dev.remoting.internal.call.RemotingEndpoint;
import dev.remoting.internal.client.InterceptedCallback;
import dev.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The calls a server makes to a client over that client's connection. They run no hooks, as in RocketMQ, but the
 * server's interceptors follow them as the client's follow its calls (begin on the calling thread, end with the
 * response or failure, an async callback inside the interception's scope), so that they are observed and traced too.
 */
public final class ServerCalls {

    private final RemotingEndpoint endpoint;

    public ServerCalls(RemotingEndpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    public RemotingCommand invokeSync(Channel channel, RemotingCommand request, long timeoutMillis)
            throws InterruptedException, RemotingSendRequestException, RemotingTimeoutException,
            RemotingTooMuchRequestException {
        Call call = Call.start(timeoutMillis);
        if (endpoint.interceptors().isEmpty()) {
            return endpoint.invoker().invokeSync(channel, request, call);
        }
        Interception interception = begin(channel, request, InvokeMode.SYNC);
        RemotingCommand response;
        try {
            response = endpoint.invoker().invokeSync(channel, request, call);
        } catch (Throwable e) {
            interception.end(null, e);
            throw e;
        }
        interception.end(response, null);
        return response;
    }

    public void invokeAsync(Channel channel, RemotingCommand request, long timeoutMillis,
            @Nullable InvokeCallback invokeCallback) throws InterruptedException, RemotingTooMuchRequestException,
            RemotingTimeoutException {
        Call call = Call.start(timeoutMillis);
        if (endpoint.interceptors().isEmpty()) {
            endpoint.invoker().invokeAsync(channel, request, call, invokeCallback);
            return;
        }
        InterceptedCall intercepted = intercepted(channel, request, InvokeMode.ASYNC);
        InterceptedCallback callback = new InterceptedCallback(endpoint.interceptors().begin(intercepted),
                intercepted, invokeCallback);
        try {
            endpoint.invoker().invokeAsync(channel, request, call, callback);
        } catch (Throwable e) {
            // The caller gets the exception and its callback never runs: the call ends here.
            callback.end(null, e);
            throw e;
        }
    }

    public void invokeOneway(Channel channel, RemotingCommand request, long timeoutMillis)
            throws InterruptedException, RemotingTooMuchRequestException, RemotingTimeoutException {
        Call call = Call.start(timeoutMillis);
        Interception interception = endpoint.interceptors().isEmpty() ? Interception.NONE
                : begin(channel, request, InvokeMode.ONEWAY);
        try {
            endpoint.invoker().invokeOneway(channel, request, call, interception);
        } catch (Throwable e) {
            // Thrown before the write began: the write's end will not come.
            interception.end(null, e);
            throw e;
        }
    }

    private Interception begin(Channel channel, RemotingCommand request, InvokeMode mode) {
        return endpoint.interceptors().begin(intercepted(channel, request, mode));
    }

    private static InterceptedCall intercepted(Channel channel, RemotingCommand request, InvokeMode mode) {
        return InterceptedCall.client(request, mode, RemotingHelper.parseChannelRemoteAddr(channel));
    }
}
