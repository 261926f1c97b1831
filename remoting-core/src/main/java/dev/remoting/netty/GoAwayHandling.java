package dev.remoting.netty;

import dev.remoting.InvokeCallback;
import dev.remoting.ResponseFuture;
import dev.remoting.exception.RemotingConnectException;
import dev.remoting.exception.RemotingException;
import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.AttributeKey;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the client does when a server answers GO_AWAY (1500, it is shutting down gracefully), as RocketMQ's client
 * does with {@code enableReconnectForGoAway}: the connection is retired, so new calls to that address (or to "any
 * name server") make a new connection, while calls already pending on it still get their answers; and a request
 * marked {@link RemotingCommand#markRetryable() retryable} is sent again, once, as a copy with a new opaque, within
 * what is left of its timeout. Other requests get the GO_AWAY response.
 *
 * <p>A retired connection is not closed here: the server closes it once its in-flight requests are answered. It is
 * closed when the client shuts down.
 */
final class GoAwayHandling {

    private static final Logger log = LoggerFactory.getLogger(GoAwayHandling.class);

    /** Makes (or reuses) a connection for a retry, as the client does for a new call. */
    interface Connector {
        Channel connect(@Nullable String addr, long timeoutMillis, RemotingCommand request)
                throws InterruptedException, RemotingConnectException;
    }

    private final boolean enabled;
    private final ConcurrentHashMap<String, ChannelFuture> channels;
    private final AttributeKey<String> addressKey;
    private final RemotingEndpoint endpoint;
    private final Connector connector;
    private final Set<Channel> retired = ConcurrentHashMap.newKeySet();

    GoAwayHandling(boolean enabled, ConcurrentHashMap<String, ChannelFuture> channels,
            AttributeKey<String> addressKey, RemotingEndpoint endpoint, Connector connector) {
        this.enabled = enabled;
        this.channels = channels;
        this.addressKey = addressKey;
        this.endpoint = endpoint;
        this.connector = connector;
    }

    /** Whether this response is a GO_AWAY the client reacts to. */
    boolean isGoAway(@Nullable RemotingCommand response) {
        return enabled && response != null && response.getCode() == RemotingSysResponseCode.GO_AWAY;
    }

    /** Stops handing this channel to new calls; calls pending on it are left to finish. */
    void retire(Channel channel) {
        String addr = channel.attr(addressKey).get();
        if (addr == null) {
            return;
        }
        boolean[] removed = new boolean[1];
        channels.computeIfPresent(addr, (key, future) -> {
            if (future.channel() == channel) {
                removed[0] = true;
                return null;
            }
            return future;
        });
        if (removed[0]) {
            log.info("{} is going away: new calls to it use a new connection", addr);
        }
        retired.add(channel);
        if (!channel.isOpen()) {
            retired.remove(channel);
        }
    }

    /** Forgets a retired channel that closed. */
    void forget(Channel channel) {
        retired.remove(channel);
    }

    /** Closes the retired channels still open; the client is shutting down. */
    void closeRetired() {
        for (Channel channel : List.copyOf(retired)) {
            channel.close().awaitUninterruptibly();
        }
        retired.clear();
    }

    /** Closes the retired channels to one address; calls pending on them fail at once. */
    void closeRetired(String addr) {
        for (Channel channel : List.copyOf(retired)) {
            if (addr.equals(channel.attr(addressKey).get())) {
                retired.remove(channel);
                channel.close();
            }
        }
    }

    /**
     * A copy of a request to send again: code, language, version, flag, remark, custom header, extFields (a copy of
     * the map) and body, with a new opaque. Hooks do not run again for it, as in RocketMQ: a signature in the
     * extFields stays valid because it covers only extFields and body.
     */
    static RemotingCommand copyForRetry(RemotingCommand request) {
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

    /**
     * Wraps the callback of an async call made on {@code channel}, so that a GO_AWAY answer retires the channel and,
     * for a retryable request, is replaced by the answer to one retry. Returns the callback itself when disabled.
     */
    @Nullable InvokeCallback wrap(Channel channel, @Nullable String addr, RemotingCommand request,
            @Nullable InvokeCallback delegate, long startNanos, long timeoutMillis) {
        if (!enabled) {
            return delegate;
        }
        return new GoAwayCallback(channel, addr, request, delegate, startNanos, timeoutMillis, true);
    }

    private static long remaining(long startNanos, long timeoutMillis) {
        return timeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private final class GoAwayCallback implements InvokeCallback {
        private final Channel channel;
        private final @Nullable String addr;
        private final RemotingCommand request;
        private final @Nullable InvokeCallback delegate;
        private final long startNanos;
        private final long timeoutMillis;
        private final boolean mayRetry;
        private boolean retrying;

        GoAwayCallback(Channel channel, @Nullable String addr, RemotingCommand request,
                @Nullable InvokeCallback delegate, long startNanos, long timeoutMillis, boolean mayRetry) {
            this.channel = channel;
            this.addr = addr;
            this.request = request;
            this.delegate = delegate;
            this.startNanos = startNanos;
            this.timeoutMillis = timeoutMillis;
            this.mayRetry = mayRetry;
        }

        @Override
        public void operationSucceed(RemotingCommand response) {
            if (isGoAway(response)) {
                retire(channel);
                if (mayRetry && request.isRetryable() && remaining(startNanos, timeoutMillis) > 0) {
                    // operationComplete follows on this thread and sends the retry; the caller hears of it only.
                    retrying = true;
                    return;
                }
            }
            if (delegate != null) {
                delegate.operationSucceed(response);
            }
        }

        @Override
        public void operationFail(Throwable throwable) {
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
            Executor executor = endpoint.publicExecutor();
            try {
                executor.execute(() -> retry(responseFuture));
            } catch (RejectedExecutionException e) {
                fail(responseFuture, new RemotingSendRequestException(addr,
                        new IllegalStateException("client shut down before the retry after GO_AWAY")));
            }
        }

        private void retry(ResponseFuture first) {
            RemotingCommand copy = copyForRetry(request);
            try {
                long left = remaining(startNanos, timeoutMillis);
                if (left <= 0) {
                    throw new RemotingTimeoutException("retry after GO_AWAY from " + addr + ": no time left");
                }
                Channel next = connector.connect(addr, left, copy);
                left = remaining(startNanos, timeoutMillis);
                if (left <= 0) {
                    throw new RemotingTimeoutException("retry after GO_AWAY from " + addr + ": no time left");
                }
                endpoint.invoker().invokeAsync(next, copy, left,
                        new GoAwayCallback(next, addr, copy, delegate, startNanos, timeoutMillis, false));
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
}
