package dev.remoting.internal.client;

import dev.remoting.InvokeCallback;
import dev.remoting.RemotingMetricsListener.CallOutcome;
import dev.remoting.RemotingMetricsListener.InvokeMode;
import dev.remoting.ResponseFuture;
import dev.remoting.exception.RemotingConnectException;
import dev.remoting.exception.RemotingException;
import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.exception.RemotingTooMuchRequestException;
import dev.remoting.internal.call.Call;
import dev.remoting.internal.call.RemotingEndpoint;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import io.netty.channel.Channel;
import io.netty.handler.codec.EncoderException;
import java.util.HashMap;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's calls, one path per kind: find the connection, run the before-hooks, send within what is left of the
 * call's time, and for sync and async calls react to GO_AWAY and run the after-hooks.
 *
 * <p>GO_AWAY (1500: the server is shutting down gracefully) is handled as RocketMQ's client does with
 * {@code enableReconnectForGoAway}: the connection is retired, and a request marked
 * {@link RemotingCommand#markRetryable() retryable} is sent again, once, as a copy with a new opaque, within what is
 * left of its timeout. Other requests get the GO_AWAY response.
 */
public final class ClientCalls {

    private static final Logger log = LoggerFactory.getLogger(ClientCalls.class);

    private final RemotingEndpoint endpoint;
    private final ChannelTable table;
    private final NameServers nameServers;
    private final boolean goAwayEnabled;
    private final boolean closeOnTimeout;

    public ClientCalls(RemotingEndpoint endpoint, ChannelTable table, NameServers nameServers,
            boolean goAwayEnabled, boolean closeOnTimeout) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.table = Objects.requireNonNull(table, "table");
        this.nameServers = Objects.requireNonNull(nameServers, "nameServers");
        this.goAwayEnabled = goAwayEnabled;
        this.closeOnTimeout = closeOnTimeout;
    }

    public RemotingCommand invokeSync(@Nullable String addr, RemotingCommand request, long timeoutMillis)
            throws InterruptedException, RemotingConnectException, RemotingSendRequestException,
            RemotingTimeoutException, RemotingTooMuchRequestException {
        Call call = Call.start(timeoutMillis);
        Channel channel = open(addr, request, call, InvokeMode.SYNC);
        String remote = ChannelTable.addressOf(channel);
        RemotingCommand response = invokeSyncOn(channel, remote, request, call);
        if (retryAfter(channel, request, response, call, true)) {
            // Hooks ran once: the copy carries the same signed extFields and body, under a new opaque.
            RemotingCommand copy = copyForRetry(request);
            Channel next = channelFor(addr, copy, call, InvokeMode.SYNC);
            if (call.remaining() <= 0) {
                throw new RemotingTimeoutException("invokeSync retry after GO_AWAY from " + remote + " timeout");
            }
            response = invokeSyncOn(next, ChannelTable.addressOf(next), copy, call);
            retryAfter(next, copy, response, call, false);
        }
        endpoint.hooks().after(remote, request, response);
        return response;
    }

    /** One sync call on one channel, closing the channel when the send fails or (if configured) on timeout. */
    private RemotingCommand invokeSyncOn(Channel channel, String remote, RemotingCommand request, Call call)
            throws InterruptedException, RemotingSendRequestException, RemotingTimeoutException,
            RemotingTooMuchRequestException {
        long remaining = call.remaining();
        try {
            return endpoint.invoker().invokeSync(channel, request, call);
        } catch (RemotingSendRequestException e) {
            // A request that could not be encoded says nothing about the connection, which other calls share.
            if (!(e.getCause() instanceof EncoderException)) {
                log.warn("invokeSync: send request to {} failed, closing the channel", remote);
                channel.close();
            }
            throw e;
        } catch (RemotingTimeoutException e) {
            // As RocketMQ: a call with only a sliver of time left proves little about the connection.
            if (closeOnTimeout && (remaining > 100 || remaining > call.timeoutMillis() / 4)) {
                log.warn("invokeSync: wait response from {} timeout ({}ms), closing the channel", remote, remaining);
                channel.close();
            }
            throw e;
        }
    }

    public void invokeAsync(@Nullable String addr, RemotingCommand request, long timeoutMillis,
            @Nullable InvokeCallback invokeCallback)
            throws InterruptedException, RemotingConnectException, RemotingTooMuchRequestException,
            RemotingTimeoutException, RemotingSendRequestException {
        Call call = Call.start(timeoutMillis);
        Channel channel = open(addr, request, call, InvokeMode.ASYNC);
        // Wrapped only when there is something to do on the way back: no allocation per call otherwise.
        InvokeCallback callback = goAwayEnabled || (invokeCallback != null && !endpoint.hooks().isEmpty())
                ? new AsyncCall(this, call, addr, channel, request, invokeCallback) : invokeCallback;
        endpoint.invoker().invokeAsync(channel, request, call, callback);
    }

    public void invokeOneway(@Nullable String addr, RemotingCommand request, long timeoutMillis)
            throws InterruptedException, RemotingConnectException, RemotingTooMuchRequestException,
            RemotingTimeoutException, RemotingSendRequestException {
        Call call = Call.start(timeoutMillis);
        endpoint.invoker().invokeOneway(open(addr, request, call, InvokeMode.ONEWAY), request, call);
    }

    /** An async call whose outcome completes the returned future; what fails before sending completes it too. */
    public CompletableFuture<RemotingCommand> invoke(@Nullable String addr, RemotingCommand request,
            long timeoutMillis) {
        CompletableFuture<RemotingCommand> result = new CompletableFuture<>();
        try {
            invokeAsync(addr, request, timeoutMillis, new InvokeCallback() {
                @Override
                public void operationComplete(ResponseFuture responseFuture) {
                }

                @Override
                public void operationSucceed(RemotingCommand response) {
                    result.complete(response);
                }

                @Override
                public void operationFail(Throwable throwable) {
                    result.completeExceptionally(throwable);
                }
            });
        } catch (RemotingException | RuntimeException e) {
            result.completeExceptionally(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(e);
        }
        return result;
    }

    /**
     * The one GO_AWAY decision, for sync and async calls alike: a GO_AWAY answer retires the channel, and the
     * request is sent again when this was its first attempt, it is retryable, and time is left.
     */
    boolean retryAfter(Channel channel, RemotingCommand sent, @Nullable RemotingCommand response, Call call,
            boolean firstAttempt) {
        if (!goAwayEnabled || response == null || response.getCode() != RemotingSysResponseCode.GO_AWAY) {
            return false;
        }
        table.retire(channel);
        return firstAttempt && sent.isRetryable() && call.remaining() > 0;
    }

    /**
     * The start of every call: its connection, then the before-hooks, which may still fail it; a sync or async call
     * with no time left after them fails here (oneway calls only wait for a permit, if they can).
     */
    private Channel open(@Nullable String addr, RemotingCommand request, Call call, InvokeMode mode)
            throws InterruptedException, RemotingConnectException, RemotingTimeoutException,
            RemotingTooMuchRequestException {
        Channel channel = channelFor(addr, request, call, mode);
        String remote = ChannelTable.addressOf(channel);
        endpoint.hooks().before(remote, request);
        if (mode != InvokeMode.ONEWAY && call.remaining() <= 0) {
            if (mode == InvokeMode.SYNC) {
                throw new RemotingTimeoutException("invokeSync call the addr[" + remote + "] timeout");
            }
            throw new RemotingTooMuchRequestException("invokeAsync call the addr[" + remote + "] timeout");
        }
        return channel;
    }

    /** Returns the connection for a call: to the address, or to a name server when it is {@code null}. */
    Channel channelFor(@Nullable String addr, RemotingCommand request, Call call, InvokeMode mode)
            throws InterruptedException, RemotingConnectException {
        if (!table.isRunning()) {
            throw new IllegalStateException("client is not running; call start() first");
        }
        long start = System.nanoTime();
        try {
            return addr == null ? nameServers.channel(call) : table.connect(addr, call.remaining());
        } catch (RemotingConnectException e) {
            endpoint.metrics().callCompleted(request.getCode(), mode, CallOutcome.CONNECT_FAILED,
                    System.nanoTime() - start);
            throw e;
        }
    }

    RemotingEndpoint endpoint() {
        return endpoint;
    }

    /**
     * A copy of a request to send again: code, language, version, flag, remark, custom header, extFields (a copy of
     * the map) and body, with a new opaque. Hooks do not run again for it, as in RocketMQ: a signature in the
     * extFields stays valid because it covers only extFields and body.
     */
    public static RemotingCommand copyForRetry(RemotingCommand request) {
        RemotingCommand copy = RemotingCommand.createRequestCommand(request.getCode(), request.readCustomHeader());
        copy.setLanguage(request.getLanguage());
        copy.setVersion(request.getVersion());
        copy.setFlag(request.getFlag());
        copy.setRemark(request.getRemark());
        if (request.getExtFields() != null) {
            copy.setExtFields(new HashMap<>(request.getExtFields()));
        }
        copy.setBody(request.getBody());
        copy.setSerializeTypeCurrentRPC(request.getSerializeTypeCurrentRPC());
        copy.markRetryable();
        return copy;
    }
}
