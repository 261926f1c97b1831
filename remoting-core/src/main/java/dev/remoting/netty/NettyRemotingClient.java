package dev.remoting.netty;

import dev.remoting.ChannelEventListener;
import dev.remoting.InvokeCallback;
import dev.remoting.RPCHook;
import dev.remoting.RemotingClient;
import dev.remoting.RemotingHelper;
import dev.remoting.RemotingMetricsListener.CallOutcome;
import dev.remoting.RemotingMetricsListener.InvokeMode;
import dev.remoting.ResponseFuture;
import dev.remoting.exception.RemotingConnectException;
import dev.remoting.exception.RemotingException;
import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.exception.RemotingTooMuchRequestException;
import dev.remoting.protocol.RemotingCommand;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connecting side: one connection per address, made lazily within {@code connectTimeoutMillis}, shared by
 * concurrent callers while it is being made. Requests from the server on the same connection go to this client's
 * processors.
 */
public final class NettyRemotingClient extends AbstractNettyRemoting implements RemotingClient {

    private static final Logger log = LoggerFactory.getLogger(NettyRemotingClient.class);
    private static final AttributeKey<String> ADDRESS = AttributeKey.valueOf("remoting.client.address");

    private final NettyClientConfig config;
    private final ConcurrentHashMap<String, ChannelFuture> channels = new ConcurrentHashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicInteger nameServerIndex = new AtomicInteger(ThreadLocalRandom.current().nextInt(999));
    private volatile List<String> nameServers = List.of();
    private volatile @Nullable String chosenNameServer;
    private @Nullable EventLoopGroup ioGroup;
    private @Nullable EventExecutorGroup workerGroup;
    private @Nullable Bootstrap bootstrap;
    private final GoAwayHandling goAway;
    private final @Nullable SslContext sslContext;

    public NettyRemotingClient(NettyClientConfig config) {
        this(config, null);
    }

    /** @param listener hears of connection events; {@code null} for none */
    public NettyRemotingClient(NettyClientConfig config, @Nullable ChannelEventListener listener) {
        super(endpoint(config, listener));
        this.config = config.clone();
        this.sslContext = ClientTlsHandler.resolve(this.config);
        endpoint.onChannelClose(this::channelClosed);
        this.goAway = new GoAwayHandling(this.config.isEnableReconnectForGoAway(), channels, ADDRESS, endpoint,
                (target, timeout, retry) -> channelFor(target, timeout, retry, InvokeMode.ASYNC));
    }

    private static RemotingEndpoint endpoint(NettyClientConfig config, @Nullable ChannelEventListener listener) {
        Objects.requireNonNull(config, "config");
        NettyRemotingServer.requirePositive(config.getConnectTimeoutMillis(), "connectTimeoutMillis");
        NettyRemotingServer.requirePositive(config.getMaxFrameLength(), "maxFrameLength");
        NettyRemotingServer.requirePositive(config.getClientAsyncSemaphoreValue(), "clientAsyncSemaphoreValue");
        NettyRemotingServer.requirePositive(config.getClientOnewaySemaphoreValue(), "clientOnewaySemaphoreValue");
        Objects.requireNonNull(config.getSerializeType(), "serializeType");
        ClientTlsHandler.validate(config);
        return new RemotingEndpoint("Client", config.getClientCallbackExecutorThreads(),
                config.getClientAsyncSemaphoreValue(), config.getClientOnewaySemaphoreValue(), listener,
                config.getEventQueueCapacity(), !config.isDisableCallbackExecutor());
    }

    @Override
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("client already started");
        }
        boolean epoll = config.isUseEpollNativeSelector() && Epoll.isAvailable();
        // Deprecated in 4.2, but its replacement (MultiThreadIoEventLoopGroup) is not in 4.1: see the server.
        ioGroup = epoll ? new EpollEventLoopGroup(1, new DefaultThreadFactory("NettyClientSelector"))
                : new NioEventLoopGroup(1, new DefaultThreadFactory("NettyClientSelector"));
        // Used through the pipeline's addLast(EventExecutorGroup, ...), deprecated in 4.2 without a successor.
        if (!config.isDisableNettyWorkerGroup()) {
            workerGroup = new DefaultEventExecutorGroup(Math.max(1, config.getClientWorkerThreads()),
                    new DefaultThreadFactory("NettyClientWorkerThread"));
        }
        NettyEncoder encoder = new NettyEncoder(config.getSerializeType(), config.getMaxFrameLength());
        ConnectionHandler connectionHandler = new ConnectionHandler(endpoint, true);
        CommandHandler commandHandler = new CommandHandler(endpoint);
        bootstrap = new Bootstrap()
                .group(ioGroup)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.getConnectTimeoutMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        p.addLast(NettyRemotingServer.FLUSH_CONSOLIDATION, NettyRemotingServer.flushConsolidation());
                        // Idle and activity on the I/O thread, where they cost no hand-off even when a worker group
                        // runs the codec; they only need to see that bytes pass, not which commands.
                        if (config.getClientChannelMaxIdleTimeSeconds() > 0) {
                            p.addLast("idle", new IdleStateHandler(0, 0, config.getClientChannelMaxIdleTimeSeconds()));
                        }
                        p.addLast(ChannelActivity.NAME, new ChannelActivity());
                        if (sslContext != null) {
                            // Replaced by the SslHandler for the address when connecting.
                            p.addLast(workerGroup, ClientTlsHandler.NAME,
                                    new ClientTlsHandler(sslContext, config.isVerifyHostname()));
                        }
                        p.addLast(workerGroup, "encoder", encoder);
                        p.addLast(workerGroup, "decoder", new NettyDecoder(config.getMaxFrameLength()));
                        p.addLast(workerGroup, "connection", connectionHandler);
                        p.addLast(workerGroup, "handler", commandHandler);
                    }
                });
        if (config.getClientSocketSndBufSize() > 0) {
            bootstrap.option(ChannelOption.SO_SNDBUF, config.getClientSocketSndBufSize());
        }
        if (config.getClientSocketRcvBufSize() > 0) {
            bootstrap.option(ChannelOption.SO_RCVBUF, config.getClientSocketRcvBufSize());
        }
        if (config.getWriteBufferLowWaterMark() > 0 && config.getWriteBufferHighWaterMark() > 0) {
            bootstrap.option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                    config.getWriteBufferLowWaterMark(), config.getWriteBufferHighWaterMark()));
        }
        if (config.isClientPooledByteBufAllocatorEnable()) {
            bootstrap.option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
        }
        endpoint.start();
    }

    @Override
    public void shutdown() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        for (ChannelFuture future : channels.values()) {
            future.channel().close().awaitUninterruptibly();
        }
        channels.clear();
        goAway.closeRetired();
        // The endpoint last, so that its executor and event thread still take the close events the groups process
        // on their way down.
        NettyRemotingServer.shutdownTogether(ioGroup, workerGroup);
        endpoint.shutdown();
        log.info("remoting client stopped");
    }

    @Override
    public void updateNameServerAddressList(List<String> addrs) {
        Objects.requireNonNull(addrs, "addrs");
        if (new HashSet<>(addrs).equals(new HashSet<>(nameServers))) {
            return;
        }
        List<String> shuffled = new ArrayList<>(addrs);
        Collections.shuffle(shuffled);
        nameServers = List.copyOf(shuffled);
        String chosen = chosenNameServer;
        if (chosen != null && !shuffled.contains(chosen)) {
            // A dropped address must not keep serving "any name server" calls.
            chosenNameServer = null;
            closeChannels(List.of(chosen));
        }
        log.info("name server address list updated to {}", nameServers);
    }

    @Override
    public List<String> getNameServerAddressList() {
        return nameServers;
    }

    @Override
    public @Nullable String getChosenNameServer() {
        return chosenNameServer;
    }

    @Override
    public RemotingCommand invokeSync(@Nullable String addr, RemotingCommand request, long timeoutMillis)
            throws InterruptedException, RemotingConnectException, RemotingSendRequestException,
            RemotingTimeoutException, RemotingTooMuchRequestException {
        long start = System.nanoTime();
        Channel channel = channelFor(addr, timeoutMillis, request, InvokeMode.SYNC);
        String remote = channel.attr(ADDRESS).get();
        beforeRequest(remote, request);
        long remaining = remaining(start, timeoutMillis);
        if (remaining <= 0) {
            throw new RemotingTimeoutException("invokeSync call the addr[" + remote + "] timeout");
        }
        RemotingCommand response = invokeSyncOn(channel, remote, request, remaining, timeoutMillis);
        if (goAway.isGoAway(response)) {
            goAway.retire(channel);
            long left = remaining(start, timeoutMillis);
            if (request.isRetryable() && left > 0) {
                // Hooks ran once: the copy carries the same signed extFields and body, under a new opaque.
                RemotingCommand copy = GoAwayHandling.copyForRetry(request);
                Channel next = channelFor(addr, left, copy, InvokeMode.SYNC);
                left = remaining(start, timeoutMillis);
                if (left <= 0) {
                    throw new RemotingTimeoutException("invokeSync retry after GO_AWAY from " + remote + " timeout");
                }
                response = invokeSyncOn(next, next.attr(ADDRESS).get(), copy, left, timeoutMillis);
                if (goAway.isGoAway(response)) {
                    goAway.retire(next);
                }
            }
        }
        afterResponse(remote, request, response);
        return response;
    }

    /** One sync call on one channel, closing the channel when the send fails or (if configured) on timeout. */
    private RemotingCommand invokeSyncOn(Channel channel, String remote, RemotingCommand request, long remaining,
            long timeoutMillis)
            throws InterruptedException, RemotingSendRequestException, RemotingTimeoutException,
            RemotingTooMuchRequestException {
        try {
            return endpoint.invoker().invokeSync(channel, request, remaining);
        } catch (RemotingSendRequestException e) {
            // A request that could not be encoded says nothing about the connection, which other calls share.
            if (!(e.getCause() instanceof EncoderException)) {
                log.warn("invokeSync: send request to {} failed, closing the channel", remote);
                channel.close();
            }
            throw e;
        } catch (RemotingTimeoutException e) {
            // As RocketMQ: a call with only a sliver of time left proves little about the connection.
            if (config.isClientCloseSocketIfTimeout() && (remaining > 100 || remaining > timeoutMillis / 4)) {
                log.warn("invokeSync: wait response from {} timeout ({}ms), closing the channel", remote, remaining);
                channel.close();
            }
            throw e;
        }
    }

    @Override
    public void invokeAsync(@Nullable String addr, RemotingCommand request, long timeoutMillis,
            @Nullable InvokeCallback invokeCallback)
            throws InterruptedException, RemotingConnectException, RemotingTooMuchRequestException,
            RemotingTimeoutException, RemotingSendRequestException {
        long start = System.nanoTime();
        Channel channel = channelFor(addr, timeoutMillis, request, InvokeMode.ASYNC);
        String remote = channel.attr(ADDRESS).get();
        beforeRequest(remote, request);
        long remaining = remaining(start, timeoutMillis);
        if (remaining <= 0) {
            throw new RemotingTooMuchRequestException("invokeAsync call the addr[" + remote + "] timeout");
        }
        InvokeCallback callback = endpoint.hooks().isEmpty() || invokeCallback == null ? invokeCallback
                : new HookedCallback(invokeCallback, remote, request);
        callback = goAway.wrap(channel, addr, request, callback, start, timeoutMillis);
        endpoint.invoker().invokeAsync(channel, request, remaining, callback);
    }

    @Override
    public void invokeOneway(@Nullable String addr, RemotingCommand request, long timeoutMillis)
            throws InterruptedException, RemotingConnectException, RemotingTooMuchRequestException,
            RemotingTimeoutException, RemotingSendRequestException {
        long start = System.nanoTime();
        Channel channel = channelFor(addr, timeoutMillis, request, InvokeMode.ONEWAY);
        beforeRequest(channel.attr(ADDRESS).get(), request);
        endpoint.invoker().invokeOneway(channel, request, Math.max(remaining(start, timeoutMillis), 0));
    }

    @Override
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

    @Override
    public boolean isChannelWritable(String addr) {
        ChannelFuture future = channels.get(addr);
        return future == null || !future.isDone() || !future.channel().isActive() || future.channel().isWritable();
    }

    @Override
    public void closeChannels(List<String> addrs) {
        for (String addr : addrs) {
            ChannelFuture future = channels.remove(addr);
            if (future != null) {
                future.channel().close();
            }
            goAway.closeRetired(addr);
        }
    }

    @Override
    public void setCallbackExecutor(@Nullable ExecutorService callbackExecutor) {
        endpoint.callbackExecutor(callbackExecutor);
    }

    @Override
    public int getConnectionCount() {
        int count = 0;
        for (ChannelFuture future : channels.values()) {
            if (future.channel().isActive()) {
                count++;
            }
        }
        return count;
    }

    /** Returns the addresses this client has a connection (or a connect in progress) to. */
    public List<String> getConnectedAddresses() {
        return List.copyOf(channels.keySet());
    }

    @Override
    public List<EventExecutorGroup> getEventExecutorGroups() {
        return java.util.stream.Stream.of(ioGroup, workerGroup).filter(Objects::nonNull)
                .map(EventExecutorGroup.class::cast).toList();
    }

    @Override
    public java.util.Map<String, Channel> getChannels() {
        java.util.Map<String, Channel> open = new java.util.LinkedHashMap<>();
        channels.forEach((addr, future) -> {
            if (future.isDone() && future.channel().isActive()) {
                open.put(addr, future.channel());
            }
        });
        return open;
    }

    /** Returns a copy of this client's configuration. */
    public NettyClientConfig getConfig() {
        return config.clone();
    }

    private void channelClosed(Channel channel) {
        goAway.forget(channel);
        String addr = channel.attr(ADDRESS).get();
        if (addr != null) {
            channels.computeIfPresent(addr, (k, future) -> future.channel() == channel ? null : future);
        }
    }

    private Channel channelFor(@Nullable String addr, long timeoutMillis, RemotingCommand request, InvokeMode mode)
            throws InterruptedException, RemotingConnectException {
        if (!started.get() || stopped.get()) {
            throw new IllegalStateException("client is not running; call start() first");
        }
        long start = System.nanoTime();
        try {
            return addr == null ? nameServerChannel(timeoutMillis) : connect(addr, timeoutMillis);
        } catch (RemotingConnectException e) {
            endpoint.metrics().callCompleted(request.getCode(), mode, CallOutcome.CONNECT_FAILED,
                    System.nanoTime() - start);
            throw e;
        }
    }

    /**
     * Uses the chosen name server while its connection is up; otherwise tries the others in turn, so one
     * unreachable server costs at most one connect timeout rather than failing every call.
     */
    private Channel nameServerChannel(long timeoutMillis) throws InterruptedException, RemotingConnectException {
        long start = System.nanoTime();
        List<String> addrs = nameServers;
        if (addrs.isEmpty()) {
            throw new RemotingConnectException("<no name server address configured>");
        }
        String chosen = chosenNameServer;
        if (chosen != null && addrs.contains(chosen)) {
            ChannelFuture existing = channels.get(chosen);
            if (existing != null && existing.isDone() && existing.channel().isActive()) {
                return existing.channel();
            }
            if (existing != null && !existing.isDone()) {
                // Another caller is connecting to the chosen server: wait for it rather than rotate away.
                try {
                    return connect(chosen, remaining(start, timeoutMillis));
                } catch (RemotingConnectException e) {
                    log.warn("name server {} unreachable, trying the next one", chosen);
                }
            }
        }
        RemotingConnectException last = null;
        for (int i = 0; i < addrs.size(); i++) {
            long remaining = remaining(start, timeoutMillis);
            if (remaining <= 0) {
                break;
            }
            String addr = addrs.get(Math.floorMod(nameServerIndex.incrementAndGet(), addrs.size()));
            try {
                Channel channel = connect(addr, remaining);
                chosenNameServer = addr;
                return channel;
            } catch (RemotingConnectException e) {
                log.warn("name server {} unreachable, trying the next one", addr);
                last = e;
            }
        }
        throw last != null ? last : new RemotingConnectException(String.valueOf(addrs));
    }

    private Channel connect(String addr, long timeoutMillis) throws InterruptedException,
            RemotingConnectException {
        ChannelFuture ready = channels.get(addr);
        if (ready != null && ready.isDone() && ready.channel().isActive()) {
            // The common case, once connected: no locking compute, no lambda.
            return ready.channel();
        }
        // Resolved here, on the caller's thread: left to the bootstrap, a slow DNS lookup would stall the client's
        // single I/O thread and with it every connection.
        InetSocketAddress target = resolve(addr);
        ChannelFuture future = channels.compute(addr, (key, existing) -> {
            if (existing != null && (!existing.isDone() || existing.channel().isActive())) {
                return existing;
            }
            ChannelFuture connecting = bootstrap.connect(target);
            connecting.channel().attr(ADDRESS).set(key);
            return connecting;
        });
        long wait = Math.min(config.getConnectTimeoutMillis(), Math.max(timeoutMillis, 1));
        if (!future.await(wait)) {
            throw new RemotingConnectException(addr, new RemotingTimeoutException("connect timed out after "
                    + wait + "ms"));
        }
        if (!future.isSuccess() || !future.channel().isActive()) {
            channels.remove(addr, future);
            throw new RemotingConnectException(addr, future.cause());
        }
        return future.channel();
    }

    private static InetSocketAddress resolve(String addr) throws RemotingConnectException {
        InetSocketAddress parsed = RemotingHelper.string2SocketAddress(addr);
        InetSocketAddress resolved = new InetSocketAddress(parsed.getHostString(), parsed.getPort());
        if (resolved.isUnresolved()) {
            throw new RemotingConnectException(addr, new java.net.UnknownHostException(parsed.getHostString()));
        }
        return resolved;
    }

    private void beforeRequest(String remote, RemotingCommand request) {
        List<RPCHook> hooks = endpoint.hooks();
        if (!hooks.isEmpty()) {
            request.makeCustomHeaderToNet();
            for (RPCHook hook : hooks) {
                hook.doBeforeRequest(remote, request);
            }
        }
    }

    private void afterResponse(String remote, RemotingCommand request, RemotingCommand response) {
        for (RPCHook hook : endpoint.hooks()) {
            hook.doAfterResponse(remote, request, response);
        }
    }

    private static long remaining(long startNanos, long timeoutMillis) {
        return timeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** Runs the after-hooks on a successful async response before the caller's callback sees it. */
    private final class HookedCallback implements InvokeCallback {
        private final InvokeCallback delegate;
        private final String remote;
        private final RemotingCommand request;

        HookedCallback(InvokeCallback delegate, String remote, RemotingCommand request) {
            this.delegate = delegate;
            this.remote = remote;
            this.request = request;
        }

        @Override
        public void operationComplete(ResponseFuture responseFuture) {
            delegate.operationComplete(responseFuture);
        }

        @Override
        public void operationSucceed(RemotingCommand response) {
            try {
                afterResponse(remote, request, response);
            } catch (RuntimeException e) {
                // The caller must still hear the outcome; a broken hook is the hook's problem, not the call's.
                log.warn("RPC hook failed after the response to {} from {}", request.getCode(), remote, e);
            }
            delegate.operationSucceed(response);
        }

        @Override
        public void operationFail(Throwable throwable) {
            delegate.operationFail(throwable);
        }
    }
}
