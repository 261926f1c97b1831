package dev.remoting.netty;

import dev.remoting.ChannelEventListener;
import dev.remoting.InvokeCallback;
import dev.remoting.RemotingServer;
import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.exception.RemotingTooMuchRequestException;
import dev.remoting.protocol.RemotingCommand;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening side: an acceptor thread, {@code serverSelectorThreads} I/O threads, an optional codec/handler
 * group, and the public executor for processors, as in RocketMQ. One instance serves one port.
 */
public final class NettyRemotingServer extends AbstractNettyRemoting implements RemotingServer {

    private static final Logger log = LoggerFactory.getLogger(NettyRemotingServer.class);

    private final NettyServerConfig config;
    private final ChannelGroup channels = new DefaultChannelGroup("remoting-server", GlobalEventExecutor.INSTANCE);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private @Nullable EventLoopGroup bossGroup;
    private @Nullable EventLoopGroup selectorGroup;
    private @Nullable EventExecutorGroup workerGroup;
    private @Nullable Channel serverChannel;
    private volatile int port = -1;
    private final ConnectionLimiter connectionLimiter;

    public NettyRemotingServer(NettyServerConfig config) {
        this(config, null);
    }

    /** @param listener hears of connection events; {@code null} for none */
    public NettyRemotingServer(NettyServerConfig config, @Nullable ChannelEventListener listener) {
        super(endpoint(config, listener));
        this.config = config.clone();
        this.connectionLimiter = new ConnectionLimiter(this.config.getMaxConnections());
        endpoint.dispatcher().exposeErrorDetails(this.config.isExposeErrorDetails());
    }

    private static RemotingEndpoint endpoint(NettyServerConfig config, @Nullable ChannelEventListener listener) {
        Objects.requireNonNull(config, "config");
        requirePositive(config.getServerSelectorThreads(), "serverSelectorThreads");
        requirePositive(config.getMaxFrameLength(), "maxFrameLength");
        requirePositive(config.getServerAsyncSemaphoreValue(), "serverAsyncSemaphoreValue");
        requirePositive(config.getServerOnewaySemaphoreValue(), "serverOnewaySemaphoreValue");
        Objects.requireNonNull(config.getSerializeType(), "serializeType");
        TlsModeHandler.validate(config);
        if (config.getMaxConnections() < 0) {
            throw new IllegalArgumentException("maxConnections must be 0 (no limit) or more, was "
                    + config.getMaxConnections());
        }
        return new RemotingEndpoint("Server", config.getServerCallbackExecutorThreads(),
                config.getServerAsyncSemaphoreValue(), config.getServerOnewaySemaphoreValue(), listener,
                config.getEventQueueCapacity(), true);
    }

    static final String FLUSH_CONSOLIDATION = "flush";
    private static final long SHUTDOWN_QUIET_MILLIS = 50;

    /**
     * Responses are written from many executor threads; flushing each one alone costs a system call per response.
     * This coalesces the flushes that arrive while the I/O thread is busy, on the I/O thread, at the head of the
     * pipeline so that it also batches TLS records.
     */
    static FlushConsolidationHandler flushConsolidation() {
        return new FlushConsolidationHandler(256, true);
    }

    static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be greater than 0, was " + value);
        }
    }

    @Override
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("server already started");
        }
        boolean epoll = config.isUseEpollNativeSelector() && Epoll.isAvailable();
        // Deprecated in Netty 4.2, whose MultiThreadIoEventLoopGroup with NioIoHandler/EpollIoHandler.newFactory()
        // does not exist in 4.1: these groups are the ones that run on both lines (on 4.2 they are built on the new
        // I/O handlers anyway).
        bossGroup = epoll ? new EpollEventLoopGroup(1, new DefaultThreadFactory("NettyEPOLLBoss"))
                : new NioEventLoopGroup(1, new DefaultThreadFactory("NettyNIOBoss"));
        selectorGroup = epoll
                ? new EpollEventLoopGroup(config.getServerSelectorThreads(),
                        new DefaultThreadFactory("NettyServerEPOLLSelector"))
                : new NioEventLoopGroup(config.getServerSelectorThreads(),
                        new DefaultThreadFactory("NettyServerNIOSelector"));
        // Handlers go on this group through ChannelPipeline.addLast(EventExecutorGroup, ...), deprecated in 4.2 with
        // no successor on either line (Netty's next major version removes it); with the group off (the default) it
        // is null and they run on the I/O threads.
        if (config.isServerNettyWorkerGroupEnable()) {
            workerGroup = new DefaultEventExecutorGroup(Math.max(1, config.getServerWorkerThreads()),
                    new DefaultThreadFactory("NettyServerCodecThread"));
        }
        Class<? extends ServerSocketChannel> channelType = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;

        NettyEncoder encoder = new NettyEncoder(config.getSerializeType(), config.getMaxFrameLength());
        ConnectionHandler connectionHandler = new ConnectionHandler(endpoint, false);
        CommandHandler commandHandler = new CommandHandler(endpoint);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, selectorGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, config.getServerSocketBacklog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(connectionLimiter)
                .childOption(ChannelOption.SO_KEEPALIVE, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        ChannelPipeline p = ch.pipeline();
                        p.addLast(FLUSH_CONSOLIDATION, flushConsolidation());
                        // Idle and activity on the I/O thread, where they cost no hand-off even when a codec group
                        // runs the rest; they only need to see that bytes pass, not which commands. Idle also sits
                        // ahead of the handshake handlers (which hold channelActive back until the first bytes
                        // arrive), so that a silent connection still reports CONNECT first.
                        if (config.getServerChannelMaxIdleTimeSeconds() > 0) {
                            p.addLast("idle", new IdleStateHandler(0, 0, config.getServerChannelMaxIdleTimeSeconds()));
                        }
                        p.addLast(ChannelActivity.NAME, new ChannelActivity());
                        if (config.isProxyProtocolEnabled()) {
                            p.addLast(workerGroup, ServerHandshakeHandler.NAME,
                                    new ServerHandshakeHandler(workerGroup));
                        }
                        p.addLast(workerGroup, TlsModeHandler.NAME,
                                new TlsModeHandler(config.getTlsMode(), config.getSslContext(), workerGroup));
                        p.addLast(workerGroup, "encoder", encoder);
                        p.addLast(workerGroup, "decoder", new NettyDecoder(config.getMaxFrameLength()));
                        p.addLast(workerGroup, "connection", connectionHandler);
                        p.addLast(workerGroup, "handler", commandHandler);
                    }
                });
        if (config.getServerSocketSndBufSize() > 0) {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, config.getServerSocketSndBufSize());
        }
        if (config.getServerSocketRcvBufSize() > 0) {
            bootstrap.childOption(ChannelOption.SO_RCVBUF, config.getServerSocketRcvBufSize());
        }
        if (config.getWriteBufferLowWaterMark() > 0 && config.getWriteBufferHighWaterMark() > 0) {
            bootstrap.childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                    config.getWriteBufferLowWaterMark(), config.getWriteBufferHighWaterMark()));
        }
        if (config.isServerPooledByteBufAllocatorEnable()) {
            bootstrap.childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
        }
        endpoint.start();
        try {
            serverChannel = bootstrap.bind(config.getBindAddress(), config.getListenPort()).syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            shutdown();
            throw new IllegalStateException("cannot bind " + config.getBindAddress() + ":" + config.getListenPort()
                    + ": " + e.getMessage(), e);
        }
        port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        log.info("remoting server listening on {}:{} ({}, TLS {})", config.getBindAddress(), port,
                epoll ? "epoll" : "nio", config.getTlsMode().name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public void shutdown() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        if (config.isEnableShutdownGracefully() && serverChannel != null) {
            drainInFlightRequests();
        }
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        channels.close().awaitUninterruptibly();
        // Thread groups before the endpoint: the closes above still run channelInactive (failing pending calls,
        // publishing CLOSE) on them, and the endpoint's executor and event thread must be there to take that.
        shutdownTogether(bossGroup, selectorGroup, workerGroup);
        endpoint.shutdown();
        port = -1;
        log.info("remoting server stopped");
    }

    /**
     * Stops thread groups together, each once it has been quiet for a moment. A closed channel's pipeline is torn
     * down by its handlers' own executors, passing from the I/O thread to the codec group and back; a group that
     * stopped at the first empty queue would refuse the way back (and Netty would log the refusal).
     */
    static void shutdownTogether(@Nullable EventExecutorGroup... groups) {
        List<Future<?>> terminations = new ArrayList<>();
        for (EventExecutorGroup group : groups) {
            if (group != null) {
                terminations.add(group.shutdownGracefully(SHUTDOWN_QUIET_MILLIS, 2000, TimeUnit.MILLISECONDS));
            }
        }
        for (Future<?> termination : terminations) {
            termination.awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** Answers new requests with GO_AWAY and waits, up to the configured time, for accepted ones to finish. */
    private void drainInFlightRequests() {
        endpoint.dispatcher().startShuttingDown();
        try {
            endpoint.dispatcher().awaitIdle(config.getShutdownWaitTimeSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (endpoint.dispatcher().inFlight() > 0) {
            log.warn("{} requests still running after the {}s shutdown wait", endpoint.dispatcher().inFlight(),
                    config.getShutdownWaitTimeSeconds());
        }
    }

    @Override
    public int localListenPort() {
        return port;
    }

    @Override
    public int getConnectionCount() {
        return channels.size();
    }

    @Override
    public long getRefusedConnectionCount() {
        return connectionLimiter.refusedCount();
    }

    @Override
    public List<EventExecutorGroup> getEventExecutorGroups() {
        return java.util.stream.Stream.of(bossGroup, selectorGroup, workerGroup).filter(Objects::nonNull).toList();
    }

    @Override
    public ChannelGroup getChannels() {
        return channels;
    }

    /** Returns a copy of this server's configuration. */
    public NettyServerConfig getConfig() {
        return config.clone();
    }

    @Override
    public RemotingCommand invokeSync(Channel channel, RemotingCommand request, long timeoutMillis)
            throws InterruptedException, RemotingSendRequestException, RemotingTimeoutException,
            RemotingTooMuchRequestException {
        return endpoint.invoker().invokeSync(channel, request, timeoutMillis);
    }

    @Override
    public void invokeAsync(Channel channel, RemotingCommand request, long timeoutMillis,
            @Nullable InvokeCallback invokeCallback) throws InterruptedException, RemotingTooMuchRequestException,
            RemotingTimeoutException {
        endpoint.invoker().invokeAsync(channel, request, timeoutMillis, invokeCallback);
    }

    @Override
    public void invokeOneway(Channel channel, RemotingCommand request, long timeoutMillis)
            throws InterruptedException, RemotingTooMuchRequestException, RemotingTimeoutException {
        endpoint.invoker().invokeOneway(channel, request, timeoutMillis);
    }
}
