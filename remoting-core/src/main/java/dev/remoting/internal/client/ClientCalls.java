package dev.remoting.internal.client;

import dev.remoting.AddressSelector;
import dev.remoting.InterceptedCall;
import dev.remoting.Interception;
import dev.remoting.InvokeCallback;
import dev.remoting.RemotingMetricsListener.CallOutcome;
import dev.remoting.RemotingMetricsListener.InvokeMode;
import dev.remoting.exception.RemotingConnectException;
import dev.remoting.exception.RemotingException;
import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.exception.RemotingTooMuchRequestException;
import dev.remoting.internal.call.Call;
import dev.remoting.internal.call.FutureCompletion;
import dev.remoting.internal.call.RemotingEndpoint;
import dev.remoting.internal.transport.LogThrottle;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import io.netty.channel.Channel;
import io.netty.handler.codec.EncoderException;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.HashMap;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The client's calls, one path per kind: find the connection, run the before-hooks, send within what is left of the
 * call's time, and for sync and async calls react to GO_AWAY and run the after-hooks.
 *
 * <p>GO_AWAY (1500: the server is shutting down gracefully) is handled as RocketMQ's client does with
 * {@code enableReconnectForGoAway}: the connection is retired, and a request marked
 * {@link RemotingCommand#markRetryable() retryable} is sent again, once, as a copy with a new opaque, within what is
 * left of its timeout. Other requests get the GO_AWAY response. A retired connection is closed as soon as no call is
 * pending on it.
 *
 * <p>A call made with a {@code null} address goes to the address the client's {@link AddressSelector} picks, if it
 * has one ({@link SelectedAddresses}: failed connects pick again); a retryable request whose connection closed before
 * its response is then sent again too, once, to the next pick.
 *
 * <p>A call that times out on "any name server" (a {@code null} address) moves such calls to the next name server,
 * whether or not the connection is closed for it ({@code closeOnTimeout}). An async or oneway call made on a Netty
 * thread to an address not yet connected is handed to the public executor to connect, so that no event loop waits.
 *
 * <p>Every call begins one interception with the client's {@link dev.remoting.RemotingInterceptor interceptors} at
 * its entry, on the calling thread, before the connection is chosen and the before-hooks run (a GO_AWAY retry is part
 * of the same call), and ends it once: a sync call with its final response or the exception its caller gets, an async
 * call before its callback (see {@link InterceptedCallback}), a oneway call when its request is written. With no
 * interceptors nothing is made for this per call.
 *
 * <p>What a peer can cause at will (timeouts, failed sends, GO_AWAY) is logged through a {@link LogThrottle}.
 */
public final class ClientCalls {

    private static final Logger log = LoggerFactory.getLogger(ClientCalls.class);

    private final RemotingEndpoint endpoint;
    private final ChannelTable table;
    private final NameServers nameServers;
    private final SelectedAddresses selected;
    private final boolean goAwayEnabled;
    private final boolean closeOnTimeout;
    private final LogThrottle sendFailures = new LogThrottle();
    private final LogThrottle timeouts = new LogThrottle();
    private final LogThrottle deferredFailures = new LogThrottle();
    /** Made once: a method reference made per call would be one more allocation per call. */
    private final FutureCompletion.AsyncInvoker asyncInvoker = this::invokeAsync;

    public ClientCalls(RemotingEndpoint endpoint, ChannelTable table, NameServers nameServers,
            boolean goAwayEnabled, boolean closeOnTimeout) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.table = Objects.requireNonNull(table, "table");
        this.nameServers = Objects.requireNonNull(nameServers, "nameServers");
        this.selected = new SelectedAddresses(table);
        this.goAwayEnabled = goAwayEnabled;
        this.closeOnTimeout = closeOnTimeout;
    }

    public RemotingCommand invokeSync(@Nullable String addr, RemotingCommand request, long timeoutMillis)
            throws InterruptedException, RemotingConnectException, RemotingSendRequestException,
            RemotingTimeoutException, RemotingTooMuchRequestException {
        Call call = Call.start(timeoutMillis);
        InterceptedCall intercepted = intercepted(addr, request, InvokeMode.SYNC);
        if (intercepted == null) {
            return invokeSync(addr, request, call, null);
        }
        Interception interception = endpoint.interceptors().begin(intercepted);
        RemotingCommand response;
        try {
            response = invokeSync(addr, request, call, intercepted);
        } catch (Throwable e) {
            interception.end(null, e);
            throw e;
        }
        interception.end(response, null);
        return response;
    }

    private RemotingCommand invokeSync(@Nullable String addr, RemotingCommand request, Call call,
            @Nullable InterceptedCall intercepted) throws InterruptedException, RemotingConnectException,
            RemotingSendRequestException, RemotingTimeoutException, RemotingTooMuchRequestException {
        Channel channel = open(addr, request, call, InvokeMode.SYNC, intercepted);
        String remote = ChannelTable.addressOf(channel);
        @Nullable RemotingCommand response;
        boolean retry;
        try {
            response = invokeSyncOn(addr, channel, remote, request, call);
            retry = retryAfter(channel, request, response, call, true);
        } catch (RemotingSendRequestException e) {
            if (!retryAfterSendFailure(e, addr, channel, request, call, true)) {
                throw e;
            }
            response = null;
            retry = true;
        }
        if (retry) {
            // Hooks ran once: the copy carries the same signed extFields and body, under a new opaque.
            RemotingCommand copy = copyForRetry(request);
            Channel next = channelFor(addr, copy, call, InvokeMode.SYNC, intercepted, remote);
            remote = ChannelTable.addressOf(next);
            if (call.remaining() <= 0) {
                throw new RemotingTimeoutException("invokeSync retry to " + remote + " timeout");
            }
            response = invokeSyncOn(addr, next, remote, copy, call);
            retryAfter(next, copy, response, call, false);
        }
        // The address the final response came from, the retry's when there was one.
        RemotingCommand answer = Objects.requireNonNull(response, "response");
        endpoint.hooks().after(remote, request, answer);
        return answer;
    }

    /** One sync call on one channel, closing the channel when the send fails or (if configured) on timeout. */
    private RemotingCommand invokeSyncOn(@Nullable String addr, Channel channel, String remote,
            RemotingCommand request, Call call) throws InterruptedException, RemotingSendRequestException,
            RemotingTimeoutException, RemotingTooMuchRequestException {
        long remaining = call.remaining();
        try {
            return endpoint.invoker().invokeSync(channel, request, call);
        } catch (RemotingSendRequestException e) {
            // A request that could not be encoded says nothing about the connection, which other calls share.
            // Nor does one already closed need closing, or a second line: its closing was logged with the reason.
            if (!(e.getCause() instanceof EncoderException) && channel.isActive()) {
                sendFailures.log(log, Level.WARN, "invokeSync: send request to {} failed, closing the channel",
                        remote);
                channel.close();
            }
            throw e;
        } catch (RemotingTimeoutException e) {
            timedOut(addr, channel, remote, remaining, call.timeoutMillis(), true);
            throw e;
        }
    }

    /**
     * What a timeout says about the connection, as RocketMQ judges it: nothing when the call had only a sliver of time
     * left. Otherwise "any name server" calls move to the next one, and a sync call closes the connection when
     * configured to (RocketMQ's default, which also fails every other call pending on it).
     */
    void timedOut(@Nullable String addr, Channel channel, String remote, long remainingAtSend, long timeoutMillis,
            boolean sync) {
        if (remainingAtSend <= 100 && remainingAtSend <= timeoutMillis / 4) {
            return;
        }
        boolean moved = addr == null && nameServers.timedOut(channel);
        boolean close = sync && closeOnTimeout;
        if (close || moved) {
            timeouts.log(log, Level.WARN, "no response from {} within {}ms{}{}", remote, remainingAtSend,
                    moved ? "; calls to any name server move to the next one" : "",
                    close ? "; closing the channel" : "");
        }
        if (close) {
            channel.close();
        }
    }

    public void invokeAsync(@Nullable String addr, RemotingCommand request, long timeoutMillis,
            @Nullable InvokeCallback invokeCallback)
            throws InterruptedException, RemotingConnectException, RemotingTooMuchRequestException,
            RemotingTimeoutException, RemotingSendRequestException {
        Call call = Call.start(timeoutMillis);
        InterceptedCall intercepted = intercepted(addr, request, InvokeMode.ASYNC);
        InterceptedCallback interceptedCallback = intercepted == null ? null
                : new InterceptedCallback(endpoint.interceptors().begin(intercepted), intercepted, invokeCallback);
        InvokeCallback callback = interceptedCallback != null ? interceptedCallback : invokeCallback;
        if (!ready(addr) && ThreadExecutorMap.currentExecutor() != null) {
            // What fails from here on is told to the callback, which ends an interception.
            defer(addr, request, call, callback, intercepted, Interception.NONE, InvokeMode.ASYNC);
            return;
        }
        try {
            invokeAsync(addr, request, call, callback);
        } catch (Throwable e) {
            // The caller gets the exception and its callback never runs: the call ends here.
            if (interceptedCallback != null) {
                interceptedCallback.end(null, e);
            }
            throw e;
        }
    }

    private void invokeAsync(@Nullable String addr, RemotingCommand request, Call call,
            @Nullable InvokeCallback invokeCallback)
            throws InterruptedException, RemotingConnectException, RemotingTooMuchRequestException,
            RemotingTimeoutException, RemotingSendRequestException {
        Channel channel = open(addr, request, call, InvokeMode.ASYNC,
                InterceptedCallback.interceptedCall(invokeCallback));
        // Wrapped only when there is something to do on the way back: no allocation per call otherwise. After-hooks
        // run only for a caller's callback, whether or not an interceptor's stands in front of it.
        InvokeCallback callback = goAwayEnabled || addr == null
                || (InterceptedCallback.reachesCaller(invokeCallback) && !endpoint.hooks().isEmpty())
                ? new AsyncCall(this, call, addr, channel, request, invokeCallback) : invokeCallback;
        endpoint.invoker().invokeAsync(channel, request, call, callback);
    }

    public void invokeOneway(@Nullable String addr, RemotingCommand request, long timeoutMillis)
            throws InterruptedException, RemotingConnectException, RemotingTooMuchRequestException,
            RemotingTimeoutException, RemotingSendRequestException {
        Call call = Call.start(timeoutMillis);
        InterceptedCall intercepted = intercepted(addr, request, InvokeMode.ONEWAY);
        Interception interception = intercepted == null ? Interception.NONE
                : endpoint.interceptors().begin(intercepted);
        if (!ready(addr) && ThreadExecutorMap.currentExecutor() != null) {
            defer(addr, request, call, null, intercepted, interception, InvokeMode.ONEWAY);
            return;
        }
        try {
            endpoint.invoker().invokeOneway(open(addr, request, call, InvokeMode.ONEWAY, intercepted), request, call,
                    interception);
        } catch (Throwable e) {
            // Thrown before the write: the invoker ends only calls whose write it started.
            interception.end(null, e);
            throw e;
        }
    }

    /** The call as the interceptors see it; {@code null} when there are none, so that nothing is made per call. */
    private @Nullable InterceptedCall intercepted(@Nullable String addr, RemotingCommand request, InvokeMode mode) {
        return endpoint.interceptors().isEmpty() ? null : InterceptedCall.client(request, mode, addr);
    }

    /**
     * Whether the call's connection is there, so that making the call cannot wait for a connect; never for a call
     * whose address a selector picks, which may wait.
     */
    private boolean ready(@Nullable String addr) {
        if (addr != null) {
            return table.active(addr) != null;
        }
        return selected.selector() == null && nameServers.ready();
    }

    /**
     * Makes an async or oneway call on the public executor: called on a Netty thread with no connection yet, it would
     * otherwise wait for the connect on an event loop (which Netty refuses with a {@code BlockingOperationException},
     * and which could be the very loop making the connection). What fails is told to the callback, and ends a oneway
     * call's {@code interception} (an async call's ends in its callback).
     */
    private void defer(@Nullable String addr, RemotingCommand request, Call call, @Nullable InvokeCallback callback,
            @Nullable InterceptedCall intercepted, Interception interception, InvokeMode mode) {
        long begin = System.currentTimeMillis();
        try {
            endpoint.publicExecutor().execute(() -> {
                try {
                    if (mode == InvokeMode.ONEWAY) {
                        endpoint.invoker().invokeOneway(open(addr, request, call, mode, intercepted), request,
                                call, interception);
                    } else {
                        invokeAsync(addr, request, call, callback);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failDeferred(addr, request, call, begin, e, callback, interception);
                } catch (RemotingException | RuntimeException e) {
                    failDeferred(addr, request, call, begin, e, callback, interception);
                }
            });
        } catch (RejectedExecutionException e) {
            failDeferred(addr, request, call, begin, new RemotingSendRequestException(addr,
                    new IllegalStateException("client shutting down or overloaded: no thread to connect on")),
                    callback, interception);
        }
    }

    private void failDeferred(@Nullable String addr, RemotingCommand request, Call call, long begin, Throwable cause,
            @Nullable InvokeCallback callback, Interception interception) {
        interception.end(null, cause);
        if (!InterceptedCallback.reachesCaller(callback)) {
            deferredFailures.log(log, Level.WARN, "call {} to {} made on a Netty thread failed before sending: {}",
                    request.getCode(), addr == null ? "a name server" : addr, String.valueOf(cause));
        }
        if (callback != null) {
            // An intercepted call with no callback of the caller's still has one, which ends the interception.
            new NotSentCall(request, call.timeoutMillis(), begin, cause, callback).executeInvokeCallback();
        }
    }

    /** An async call whose outcome completes the returned future; what fails before sending completes it too. */
    public CompletableFuture<RemotingCommand> invoke(@Nullable String addr, RemotingCommand request,
            long timeoutMillis) {
        return FutureCompletion.call(asyncInvoker, addr, request, timeoutMillis, response -> response);
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
        if (table.retire(channel)) {
            endpoint.responseTable().closeWhenIdle(channel);
        }
        return firstAttempt && sent.isRetryable() && call.remaining() > 0;
    }

    /**
     * Whether a request whose send failed, or whose connection closed before its response, is sent again: when a
     * selector picked its address (the retry goes to the address it offers next), or when it went out on a
     * connection retired by a GO_AWAY to another call and closed by this client once it looked idle, in the moment
     * between this call taking the connection and registering itself (it would have been answered GO_AWAY). The same
     * conditions as {@link #retryAfter} apply. Never when the request could not be encoded: it would fail the same way
     * wherever it went.
     */
    boolean retryAfterSendFailure(RemotingSendRequestException failure, @Nullable String addr, Channel channel,
            RemotingCommand sent, Call call, boolean firstAttempt) {
        if (failure.getCause() instanceof EncoderException) {
            return false;
        }
        boolean resendable = addr == null && selected.selector() != null
                || goAwayEnabled && ChannelTable.isRetired(channel);
        return resendable && firstAttempt && sent.isRetryable() && call.remaining() > 0;
    }

    /**
     * The start of every call: its connection, then the before-hooks, which may still fail it; a sync or async call
     * with no time left after them fails here (oneway calls only wait for a permit, if they can).
     */
    private Channel open(@Nullable String addr, RemotingCommand request, Call call, InvokeMode mode,
            @Nullable InterceptedCall intercepted) throws InterruptedException, RemotingConnectException,
            RemotingTimeoutException, RemotingTooMuchRequestException {
        Channel channel = channelFor(addr, request, call, mode, intercepted, null);
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

    /**
     * Returns the connection for a call: to the address; when it is {@code null}, to the one the selector picks if
     * there is one, else to a name server. The interceptors' view of the call (if any) learns the peer.
     *
     * @param avoid for a retry, the address of the first attempt, which a selector's pick passes over if it can
     */
    Channel channelFor(@Nullable String addr, RemotingCommand request, Call call, InvokeMode mode,
            @Nullable InterceptedCall intercepted, @Nullable String avoid)
            throws InterruptedException, RemotingConnectException {
        if (!table.isRunning()) {
            throw new IllegalStateException("client is not running; call start() first");
        }
        long start = System.nanoTime();
        try {
            Channel channel;
            if (addr != null) {
                channel = table.connect(addr, call.remaining());
            } else {
                AddressSelector selector = selected.selector();
                channel = selector != null ? selected.channel(selector, request, call, avoid)
                        : nameServers.channel(call);
            }
            if (intercepted != null) {
                intercepted.remoteAddress(ChannelTable.addressOf(channel));
            }
            return channel;
        } catch (RemotingConnectException e) {
            endpoint.metrics().callCompleted(request.getCode(), mode, CallOutcome.CONNECT_FAILED, -1,
                    System.nanoTime() - start);
            throw e;
        }
    }

    RemotingEndpoint endpoint() {
        return endpoint;
    }

    /** Where calls made with a {@code null} address go when a selector picks them. */
    public void addressSelector(@Nullable AddressSelector selector) {
        selected.selector(selector);
    }

    public @Nullable AddressSelector addressSelector() {
        return selected.selector();
    }

    /**
     * Stops handing the connection to this address to new calls and closes it once none is pending on it: the address
     * left (a registry no longer lists it). A connect in progress to it is abandoned.
     */
    public void retire(String addr) {
        selected.forget(addr);
        Channel channel = table.retire(addr);
        if (channel != null) {
            endpoint.responseTable().closeWhenIdle(channel);
        }
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
