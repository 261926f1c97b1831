package dev.remoting.netty;

import dev.remoting.AddressSelector;
import dev.remoting.ChannelEventListener;
import dev.remoting.InvokeCallback;
import dev.remoting.RemotingClient;
import dev.remoting.exception.RemotingConnectException;
import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.exception.RemotingTooMuchRequestException;
import dev.remoting.internal.call.RemotingEndpoint;
import dev.remoting.internal.client.ChannelTable;
import dev.remoting.internal.client.ClientCalls;
import dev.remoting.internal.client.ClientTlsHandler;
import dev.remoting.internal.client.NameServers;
import dev.remoting.internal.transport.ConfigChecks;
import dev.remoting.internal.transport.PipelineInitializer;
import dev.remoting.internal.transport.Transport;
import dev.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connecting side: one connection per address, made lazily within {@code connectTimeoutMillis}, shared by
 * concurrent callers while it is being made. Requests from the server on the same connection go to this client's
 * processors.
 *
 * <p>An address {@code local:<name>} ({@link dev.remoting.InProcessAddress}) reaches the server bound in-process
 * under that name in this JVM ({@link NettyServerConfig#setInProcessName}), on threads of its own that start with
 * the first such connection; everything else (codec, limits, idle, calls, hooks, metrics, executors) is the same
 * as over TCP, except TLS, which an in-process connection does not use. TCP and in-process addresses may be mixed.
 */
public final class NettyRemotingClient extends AbstractNettyRemoting implements RemotingClient {

    private static final Logger log = LoggerFactory.getLogger(NettyRemotingClient.class);

    private final NettyClientConfig config;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final @Nullable SslContext sslContext;
    private final ChannelTable channels;
    private final NameServers nameServers;
    private final ClientCalls calls;
    private @Nullable EventLoopGroup ioGroup;
    private @Nullable EventLoopGroup localGroup;
    private @Nullable EventExecutorGroup workerGroup;

    public NettyRemotingClient(NettyClientConfig config) {
        this(config, null);
    }

    /** @param listener hears of connection events; {@code null} for none */
    public NettyRemotingClient(NettyClientConfig config, @Nullable ChannelEventListener listener) {
        super(endpoint(config, listener));
        this.config = config.clone();
        this.sslContext = ConfigChecks.clientTls(this.config);
        this.channels = new ChannelTable(this.config.getConnectTimeoutMillis());
        this.nameServers = new NameServers(channels);
        this.calls = new ClientCalls(endpoint, channels, nameServers, this.config.isEnableReconnectForGoAway(),
                this.config.isClientCloseSocketIfTimeout());
        endpoint.onChannelClose(channels::channelClosed);
    }

    private static RemotingEndpoint endpoint(NettyClientConfig config, @Nullable ChannelEventListener listener) {
        ConfigChecks.client(config);
        return new RemotingEndpoint("Client", config.getClientCallbackExecutorThreads(),
                config.getClientAsyncSemaphoreValue(), config.getClientOnewaySemaphoreValue(), listener,
                config.getEventQueueCapacity(), !config.isDisableCallbackExecutor());
    }

    @Override
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("client already started");
        }
        boolean epoll = Transport.epoll(config.isUseEpollNativeSelector());
        ioGroup = Transport.ioGroup(epoll, 1, "NettyClientSelector");
        localGroup = Transport.localGroup(1, "NettyClientLocal");
        workerGroup = Transport.workerGroup(!config.isDisableNettyWorkerGroup(), config.getClientWorkerThreads(),
                "NettyClientWorkerThread");
        SslContext tls = sslContext;
        boolean verifyHostname = config.isVerifyHostname();
        PipelineInitializer initializer = new PipelineInitializer(endpoint, true, config, 0, workerGroup,
                (pipeline, group) -> {
                    // In-process bytes never leave the JVM: nothing to encrypt, and no host to verify.
                    if (tls != null && !(pipeline.channel() instanceof LocalChannel)) {
                        // Replaced by the SslHandler for the address when connecting.
                        pipeline.addLast(group, ClientTlsHandler.NAME, new ClientTlsHandler(tls, verifyHostname));
                    }
                }, null, null);
        Transport.SocketOptions options = new Transport.SocketOptions(config.getClientSocketSndBufSize(),
                config.getClientSocketRcvBufSize(), config.getWriteBufferLowWaterMark(),
                config.getWriteBufferHighWaterMark(), config.isClientPooledByteBufAllocatorEnable());
        channels.start(Transport.client(ioGroup, epoll, config.getConnectTimeoutMillis(), options, initializer),
                Transport.localClient(localGroup, config.getConnectTimeoutMillis(), options, initializer));
        endpoint.start();
    }

    @Override
    public void shutdown() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        channels.closeAll();
        // The endpoint last, so that its executor and event thread still take the close events the groups process
        // on their way down.
        Transport.shutdownTogether(ioGroup, localGroup, workerGroup);
        endpoint.shutdown();
        log.info("remoting client stopped");
    }

    @Override
    public void updateNameServerAddressList(List<String> addrs) {
        nameServers.update(addrs);
    }

    @Override
    public List<String> getNameServerAddressList() {
        return nameServers.addresses();
    }

    @Override
    public @Nullable String getChosenNameServer() {
        return nameServers.chosen();
    }

    @Override
    public RemotingCommand invokeSync(@Nullable String addr, RemotingCommand request, long timeoutMillis)
            throws InterruptedException, RemotingConnectException, RemotingSendRequestException,
            RemotingTimeoutException, RemotingTooMuchRequestException {
        return calls.invokeSync(addr, request, timeoutMillis);
    }

    @Override
    public void invokeAsync(@Nullable String addr, RemotingCommand request, long timeoutMillis,
            @Nullable InvokeCallback invokeCallback)
            throws InterruptedException, RemotingConnectException, RemotingTooMuchRequestException,
            RemotingTimeoutException, RemotingSendRequestException {
        calls.invokeAsync(addr, request, timeoutMillis, invokeCallback);
    }

    @Override
    public void invokeOneway(@Nullable String addr, RemotingCommand request, long timeoutMillis)
            throws InterruptedException, RemotingConnectException, RemotingTooMuchRequestException,
            RemotingTimeoutException, RemotingSendRequestException {
        calls.invokeOneway(addr, request, timeoutMillis);
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(@Nullable String addr, RemotingCommand request,
            long timeoutMillis) {
        return calls.invoke(addr, request, timeoutMillis);
    }

    @Override
    public boolean isChannelWritable(String addr) {
        return channels.isWritable(addr);
    }

    @Override
    public void closeChannels(List<String> addrs) {
        addrs.forEach(channels::close);
    }

    @Override
    public void setAddressSelector(@Nullable AddressSelector selector) {
        calls.addressSelector(selector);
    }

    @Override
    public @Nullable AddressSelector getAddressSelector() {
        return calls.addressSelector();
    }

    @Override
    public void retireChannels(Collection<String> addrs) {
        addrs.forEach(calls::retire);
    }

    @Override
    public void setCallbackExecutor(@Nullable ExecutorService callbackExecutor) {
        endpoint.callbackExecutor(callbackExecutor);
    }

    @Override
    public int getConnectionCount() {
        return channels.connectionCount();
    }

    /** Returns the addresses this client has a connection (or a connect in progress) to. */
    public List<String> getConnectedAddresses() {
        return channels.addresses();
    }

    @Override
    public List<EventExecutorGroup> getEventExecutorGroups() {
        // Not the in-process group: monitoring reads each loop's thread, which would start it in every client.
        return Transport.existing(ioGroup, workerGroup);
    }

    @Override
    public Map<String, Channel> getChannels() {
        return channels.openChannels();
    }

    /** Returns a copy of this client's configuration. */
    public NettyClientConfig getConfig() {
        return config.clone();
    }
}
