package dev.remoting.netty;

import dev.remoting.protocol.SerializeType;
import io.netty.handler.ssl.SslContext;
import org.jspecify.annotations.Nullable;

/**
 * Settings of one {@link NettyRemotingServer}, with RocketMQ's field names and defaults. Limits that RocketMQ
 * reads from JVM-wide system properties (frame length, permits) are per instance here.
 */
public final class NettyServerConfig implements Cloneable {

    /** Address to bind; all interfaces by default. */
    private String bindAddress = "0.0.0.0";

    /** Port to listen on; 0 picks a free one, see {@link NettyRemotingServer#localListenPort()}. */
    private int listenPort = 0;

    /** Threads of the codec/handler group used when {@code serverNettyWorkerGroupEnable} is set. */
    private int serverWorkerThreads = 8;

    /** Threads of the public executor (processors without their own executor, callbacks); 0 or less means 4. */
    private int serverCallbackExecutorThreads = 0;

    /** I/O threads; the acceptor has one more of its own. */
    private int serverSelectorThreads = 3;

    /** Permits for concurrent oneway calls from server to clients. */
    private int serverOnewaySemaphoreValue = 256;

    /** Permits for concurrent sync and async calls from server to clients. */
    private int serverAsyncSemaphoreValue = 64;

    /** Seconds without reads or writes after which a connection is closed; 0 disables. */
    private int serverChannelMaxIdleTimeSeconds = 120;

    /** SO_SNDBUF in bytes; applied only when greater than 0. */
    private int serverSocketSndBufSize = 0;

    /** SO_RCVBUF in bytes; applied only when greater than 0. */
    private int serverSocketRcvBufSize = 0;

    /** Outbound bytes above which a connection turns unwritable; applied only when both marks are greater than 0. */
    private int writeBufferHighWaterMark = 0;

    /** Outbound bytes below which an unwritable connection turns writable again. */
    private int writeBufferLowWaterMark = 0;

    /** SO_BACKLOG of the listening socket. */
    private int serverSocketBacklog = 1024;

    /**
     * Whether codec and handlers run on a separate thread group instead of the I/O threads. RocketMQ turns this on by
     * default; we do not: processors already run on their executors, so the group only adds a thread hand-off to
     * every request and response (see docs/benchmarks.md for what it costs).
     */
    private boolean serverNettyWorkerGroupEnable = false;

    /**
     * Whether accepted connections use the pooled buffer allocator ({@code PooledByteBufAllocator.DEFAULT}), as in
     * RocketMQ, whichever Netty line runs. With this off the channel uses Netty's default allocator: pooled on 4.1,
     * adaptive on 4.2 (or whatever {@code -Dio.netty.allocator.type} names).
     */
    private boolean serverPooledByteBufAllocatorEnable = true;

    /** Whether shutdown first answers new requests with GO_AWAY and lets in-flight ones finish. */
    private boolean enableShutdownGracefully = false;

    /** Longest time a graceful shutdown waits for in-flight requests. */
    private int shutdownWaitTimeSeconds = 30;

    /**
     * Whether to use the native epoll transport when the platform has it (Linux), NIO otherwise. RocketMQ's
     * server defaults to NIO (its client has no such setting); we default to epoll, as Reactor Netty and gRPC do,
     * for its lower latency (see docs/benchmarks.md).
     */
    private boolean useEpollNativeSelector = true;

    /** Largest accepted frame, counting the 4-byte length field; longer frames close the connection. */
    private int maxFrameLength = 16 * 1024 * 1024;

    /** Header serialization for requests this side starts; responses use the request's. */
    private SerializeType serializeType = SerializeType.JSON;

    /** Channel events queued for the listener before further ones are dropped and counted. */
    private int eventQueueCapacity = 10_000;

    /**
     * How the server treats TLS. DISABLED by default because no certificate is configured by default; PERMISSIVE
     * and ENFORCING need {@link #setSslContext an SslContext}.
     */
    private TlsMode tlsMode = TlsMode.DISABLED;

    /** Server-side TLS context (certificate, key, trust and client authentication), built by the caller. */
    private @Nullable SslContext sslContext;

    /**
     * Whether a connection may start with an HAProxy PROXY protocol header (v1 or v2, detected automatically) whose
     * source address then stands for the peer's. Anyone who can reach the port can send one, so turn this off unless
     * only the proxy can.
     */
    private boolean proxyProtocolEnabled = true;

    /** Most connections open at once; further ones are closed when accepted and counted. 0 means no limit. */
    private int maxConnections = 0;

    /**
     * Whether SYSTEM_ERROR answers name the exception's class and top stack frame, as RocketMQ's do. Off by default,
     * so that peers learn nothing about the server's insides.
     */
    private boolean exposeErrorDetails = false;

    public String getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    public int getListenPort() {
        return listenPort;
    }

    public void setListenPort(int listenPort) {
        this.listenPort = listenPort;
    }

    public int getServerWorkerThreads() {
        return serverWorkerThreads;
    }

    public void setServerWorkerThreads(int serverWorkerThreads) {
        this.serverWorkerThreads = serverWorkerThreads;
    }

    public int getServerCallbackExecutorThreads() {
        return serverCallbackExecutorThreads;
    }

    public void setServerCallbackExecutorThreads(int serverCallbackExecutorThreads) {
        this.serverCallbackExecutorThreads = serverCallbackExecutorThreads;
    }

    public int getServerSelectorThreads() {
        return serverSelectorThreads;
    }

    public void setServerSelectorThreads(int serverSelectorThreads) {
        this.serverSelectorThreads = serverSelectorThreads;
    }

    public int getServerOnewaySemaphoreValue() {
        return serverOnewaySemaphoreValue;
    }

    public void setServerOnewaySemaphoreValue(int serverOnewaySemaphoreValue) {
        this.serverOnewaySemaphoreValue = serverOnewaySemaphoreValue;
    }

    public int getServerAsyncSemaphoreValue() {
        return serverAsyncSemaphoreValue;
    }

    public void setServerAsyncSemaphoreValue(int serverAsyncSemaphoreValue) {
        this.serverAsyncSemaphoreValue = serverAsyncSemaphoreValue;
    }

    public int getServerChannelMaxIdleTimeSeconds() {
        return serverChannelMaxIdleTimeSeconds;
    }

    public void setServerChannelMaxIdleTimeSeconds(int serverChannelMaxIdleTimeSeconds) {
        this.serverChannelMaxIdleTimeSeconds = serverChannelMaxIdleTimeSeconds;
    }

    public int getServerSocketSndBufSize() {
        return serverSocketSndBufSize;
    }

    public void setServerSocketSndBufSize(int serverSocketSndBufSize) {
        this.serverSocketSndBufSize = serverSocketSndBufSize;
    }

    public int getServerSocketRcvBufSize() {
        return serverSocketRcvBufSize;
    }

    public void setServerSocketRcvBufSize(int serverSocketRcvBufSize) {
        this.serverSocketRcvBufSize = serverSocketRcvBufSize;
    }

    public int getWriteBufferHighWaterMark() {
        return writeBufferHighWaterMark;
    }

    public void setWriteBufferHighWaterMark(int writeBufferHighWaterMark) {
        this.writeBufferHighWaterMark = writeBufferHighWaterMark;
    }

    public int getWriteBufferLowWaterMark() {
        return writeBufferLowWaterMark;
    }

    public void setWriteBufferLowWaterMark(int writeBufferLowWaterMark) {
        this.writeBufferLowWaterMark = writeBufferLowWaterMark;
    }

    public int getServerSocketBacklog() {
        return serverSocketBacklog;
    }

    public void setServerSocketBacklog(int serverSocketBacklog) {
        this.serverSocketBacklog = serverSocketBacklog;
    }

    public boolean isServerNettyWorkerGroupEnable() {
        return serverNettyWorkerGroupEnable;
    }

    public void setServerNettyWorkerGroupEnable(boolean serverNettyWorkerGroupEnable) {
        this.serverNettyWorkerGroupEnable = serverNettyWorkerGroupEnable;
    }

    public boolean isServerPooledByteBufAllocatorEnable() {
        return serverPooledByteBufAllocatorEnable;
    }

    public void setServerPooledByteBufAllocatorEnable(boolean serverPooledByteBufAllocatorEnable) {
        this.serverPooledByteBufAllocatorEnable = serverPooledByteBufAllocatorEnable;
    }

    public boolean isEnableShutdownGracefully() {
        return enableShutdownGracefully;
    }

    public void setEnableShutdownGracefully(boolean enableShutdownGracefully) {
        this.enableShutdownGracefully = enableShutdownGracefully;
    }

    public int getShutdownWaitTimeSeconds() {
        return shutdownWaitTimeSeconds;
    }

    public void setShutdownWaitTimeSeconds(int shutdownWaitTimeSeconds) {
        this.shutdownWaitTimeSeconds = shutdownWaitTimeSeconds;
    }

    public boolean isUseEpollNativeSelector() {
        return useEpollNativeSelector;
    }

    public void setUseEpollNativeSelector(boolean useEpollNativeSelector) {
        this.useEpollNativeSelector = useEpollNativeSelector;
    }

    public int getMaxFrameLength() {
        return maxFrameLength;
    }

    public void setMaxFrameLength(int maxFrameLength) {
        this.maxFrameLength = maxFrameLength;
    }

    public SerializeType getSerializeType() {
        return serializeType;
    }

    public void setSerializeType(SerializeType serializeType) {
        this.serializeType = serializeType;
    }

    public int getEventQueueCapacity() {
        return eventQueueCapacity;
    }

    public void setEventQueueCapacity(int eventQueueCapacity) {
        this.eventQueueCapacity = eventQueueCapacity;
    }

    public TlsMode getTlsMode() {
        return tlsMode;
    }

    public void setTlsMode(TlsMode tlsMode) {
        this.tlsMode = tlsMode;
    }

    public @Nullable SslContext getSslContext() {
        return sslContext;
    }

    public void setSslContext(@Nullable SslContext sslContext) {
        this.sslContext = sslContext;
    }

    public boolean isProxyProtocolEnabled() {
        return proxyProtocolEnabled;
    }

    public void setProxyProtocolEnabled(boolean proxyProtocolEnabled) {
        this.proxyProtocolEnabled = proxyProtocolEnabled;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public boolean isExposeErrorDetails() {
        return exposeErrorDetails;
    }

    public void setExposeErrorDetails(boolean exposeErrorDetails) {
        this.exposeErrorDetails = exposeErrorDetails;
    }

    @Override
    public NettyServerConfig clone() {
        try {
            return (NettyServerConfig) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }
}
