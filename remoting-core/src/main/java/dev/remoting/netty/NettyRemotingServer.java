package dev.remoting.netty;

import dev.remoting.ChannelEventListener;
import dev.remoting.InProcessAddress;
import dev.remoting.InvokeCallback;
import dev.remoting.RemotingServer;
import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.exception.RemotingServerBindException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.exception.RemotingTooMuchRequestException;
import dev.remoting.internal.call.RemotingEndpoint;
import dev.remoting.internal.server.ConnectionLimiter;
import dev.remoting.internal.server.ServerCalls;
import dev.remoting.internal.server.ServerHandshakeHandler;
import dev.remoting.internal.server.TlsModeHandler;
import dev.remoting.internal.transport.ConfigChecks;
import dev.remoting.internal.transport.InboundBudget;
import dev.remoting.internal.transport.PipelineInitializer;
import dev.remoting.internal.transport.ServerLimits;
import dev.remoting.internal.transport.Transport;
import dev.remoting.protocol.RemotingCommand;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening side: an acceptor thread, {@code serverSelectorThreads} I/O threads, an optional codec/handler
 * group, and the public executor for processors, as in RocketMQ. One instance serves one port, or one in-process
 * name ({@link NettyServerConfig#setInProcessName}): then no socket is opened, clients in this JVM connect to
 * {@link #inProcessAddress()}, and the connections get the same codec, limits, dispatch, executors, hooks and
 * metrics as over TCP, without the PROXY protocol and TLS.
 */
public final class NettyRemotingServer extends AbstractNettyRemoting implements RemotingServer {

    private static final Logger log = LoggerFactory.getLogger(NettyRemotingServer.class);

    private final NettyServerConfig config;
    private final ChannelGroup channels = new DefaultChannelGroup("remoting-server", GlobalEventExecutor.INSTANCE);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final ConnectionLimiter connectionLimiter;
    private final InboundBudget inboundBudget;
    private final ServerCalls calls;
    private @Nullable EventLoopGroup bossGroup;
    private @Nullable EventLoopGroup selectorGroup;
    private @Nullable EventExecutorGroup workerGroup;
    private @Nullable Channel serverChannel;
    private volatile int port = -1;
    private volatile @Nullable String inProcessAddress;

    public NettyRemotingServer(NettyServerConfig config) {
        this(config, null);
    }

    /** @param listener hears of connection events; {@code null} for none */
    public NettyRemotingServer(NettyServerConfig config, @Nullable ChannelEventListener listener) {
        super(endpoint(config, listener));
        this.config = config.clone();
        this.connectionLimiter = new ConnectionLimiter(this.config.getMaxConnections());
        this.inboundBudget = new InboundBudget(ConfigChecks.inboundBudget(this.config));
        endpoint.dispatcher().exposeErrorDetails(this.config.isExposeErrorDetails());
        this.calls = new ServerCalls(endpoint);
    }

    private static RemotingEndpoint endpoint(NettyServerConfig config, @Nullable ChannelEventListener listener) {
        ConfigChecks.server(config);
        return new RemotingEndpoint("Server", config.getServerCallbackExecutorThreads(),
                config.getPublicExecutorQueueCapacity(), config.getServerAsyncSemaphoreValue(),
                config.getServerOnewaySemaphoreValue(), listener, config.getEventQueueCapacity(), true);
    }

    @Override
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("server already started");
        }
        String inProcessName = config.getInProcessName();
        boolean inProcess = inProcessName != null;
        boolean epoll = !inProcess && Transport.epoll(config.isUseEpollNativeSelector());
        String kind = inProcess ? "Local" : epoll ? "EPOLL" : "NIO";
        int selectors = config.getServerSelectorThreads();
        bossGroup = inProcess ? Transport.localGroup(1, "Netty" + kind + "Boss")
                : Transport.ioGroup(epoll, 1, "Netty" + kind + "Boss");
        selectorGroup = inProcess ? Transport.localGroup(selectors, "NettyServer" + kind + "Selector")
                : Transport.ioGroup(epoll, selectors, "NettyServer" + kind + "Selector");
        workerGroup = Transport.workerGroup(config.isServerNettyWorkerGroupEnable(), config.getServerWorkerThreads(),
                "NettyServerCodecThread");
        boolean proxyProtocol = config.isProxyProtocolEnabled();
        TlsMode tlsMode = config.getTlsMode();
        SslContext sslContext = config.getSslContext();
        // In-process peers are in this JVM: no proxy in front, nothing to encrypt, so no handshake to time.
        int handshakeTimeout = inProcess ? 0 : config.getHandshakeTimeoutMillis();
        PipelineInitializer initializer = new PipelineInitializer(endpoint, false, config, handshakeTimeout,
                workerGroup, (pipeline, group) -> {
                    if (inProcess) {
                        return;
                    }
                    if (proxyProtocol) {
                        ServerHandshakeHandler.addTo(pipeline, group);
                    }
                    pipeline.addLast(group, TlsModeHandler.NAME, new TlsModeHandler(tlsMode, sslContext, group,
                            handshakeTimeout));
                }, channels, new ServerLimits(inboundBudget, config.getMaxInFlightRequestsPerConnection(),
                        config.getMaxPendingOutboundBytes()));
        Transport.SocketOptions options = new Transport.SocketOptions(config.getServerSocketSndBufSize(),
                config.getServerSocketRcvBufSize(), config.getWriteBufferLowWaterMark(),
                config.getWriteBufferHighWaterMark(), config.isServerPooledByteBufAllocatorEnable());
        ServerBootstrap bootstrap = inProcess
                ? Transport.localServer(bossGroup, selectorGroup, connectionLimiter, options, initializer)
                : Transport.server(bossGroup, selectorGroup, epoll, config.getServerSocketBacklog(),
                        connectionLimiter, options, initializer);
        String at = inProcess ? InProcessAddress.of(inProcessName)
                : config.getBindAddress() + ":" + config.getListenPort();
        endpoint.start();
        try {
            SocketAddress address = inProcess ? new LocalAddress(inProcessName)
                    : new InetSocketAddress(config.getBindAddress(), config.getListenPort());
            serverChannel = bootstrap.bind(address).syncUninterruptibly().channel();
        } catch (Exception e) {
            // Exception, not RuntimeException: Netty rethrows the channel's checked BindException undeclared.
            shutdown();
            if (inProcess) {
                throw new IllegalStateException("cannot bind " + at + ": " + e.getMessage(), e);
            }
            throw new RemotingServerBindException(config.getBindAddress(), config.getListenPort(), e);
        }
        if (inProcess) {
            inProcessAddress = at;
            log.info("remoting server bound in-process at {} (no port)", at);
        } else {
            port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
            log.info("remoting server listening on {}:{} ({}, TLS {})", config.getBindAddress(), port,
                    epoll ? "epoll" : "nio", tlsMode.name().toLowerCase(Locale.ROOT));
        }
    }

    @Override
    public void shutdown() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        if (config.isEnableShutdownGracefully() && serverChannel != null) {
            // New requests are answered with GO_AWAY while the accepted ones finish, up to the configured time.
            endpoint.dispatcher().drain(config.getShutdownWaitTimeSeconds());
        }
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        channels.close().awaitUninterruptibly();
        // Thread groups before the endpoint: the closes above still run channelInactive (failing pending calls,
        // publishing CLOSE) on them, and the endpoint's executor and event thread must be there to take that.
        Transport.shutdownTogether(bossGroup, selectorGroup, workerGroup);
        endpoint.shutdown();
        port = -1;
        inProcessAddress = null;
        log.info("remoting server stopped");
    }

    /** Returns the bound port (the ephemeral one when configured with 0); -1 before start, and when in-process. */
    @Override
    public int localListenPort() {
        return port;
    }

    /** Returns {@code local:<name>} while bound in-process, else null (over TCP, before start, after shutdown). */
    @Override
    public @Nullable String inProcessAddress() {
        return inProcessAddress;
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
    public long getInboundBytes() {
        return inboundBudget.used();
    }

    /** Returns the inbound budget in bytes: the configured one, or the one derived from the direct memory. */
    public long getInboundBudget() {
        return inboundBudget.limit();
    }

    @Override
    public List<EventExecutorGroup> getEventExecutorGroups() {
        return Transport.existing(bossGroup, selectorGroup, workerGroup);
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
        return calls.invokeSync(channel, request, timeoutMillis);
    }

    @Override
    public void invokeAsync(Channel channel, RemotingCommand request, long timeoutMillis,
            @Nullable InvokeCallback invokeCallback) throws InterruptedException, RemotingTooMuchRequestException,
            RemotingTimeoutException {
        calls.invokeAsync(channel, request, timeoutMillis, invokeCallback);
    }

    @Override
    public void invokeOneway(Channel channel, RemotingCommand request, long timeoutMillis)
            throws InterruptedException, RemotingTooMuchRequestException, RemotingTimeoutException {
        calls.invokeOneway(channel, request, timeoutMillis);
    }
}
