package dev.remoting.netty;

import dev.remoting.protocol.SerializeType;
import io.netty.handler.ssl.SslContext;
import org.jspecify.annotations.Nullable;

/**
 * Settings of one {@link NettyRemotingClient}, with RocketMQ's field names and defaults. Limits that RocketMQ
 * reads from JVM-wide system properties (frame length, permits, timeouts) are per instance here.
 */
public final class NettyClientConfig implements Cloneable {

    /** Threads of the codec/handler group, unless {@code disableNettyWorkerGroup} is set. */
    private int clientWorkerThreads = 4;

    /** Threads of the public executor (callbacks, processors of server-to-client requests); 0 or less means 4. */
    private int clientCallbackExecutorThreads = Runtime.getRuntime().availableProcessors();

    /** Permits for concurrent oneway calls. */
    private int clientOnewaySemaphoreValue = 65535;

    /** Permits for concurrent sync and async calls. */
    private int clientAsyncSemaphoreValue = 65535;

    /** Longest time to wait for a connection to be made. */
    private int connectTimeoutMillis = 3000;

    /** Kept for RocketMQ compatibility; not used. */
    private long channelNotActiveInterval = 1000 * 60;

    /** Kept for RocketMQ compatibility; name servers are chosen on connect failure instead of by a scan. */
    private boolean isScanAvailableNameSrv = true;

    /** Seconds without reads or writes after which a connection is closed; 0 disables. */
    private int clientChannelMaxIdleTimeSeconds = 120;

    /** SO_SNDBUF in bytes; applied only when greater than 0. */
    private int clientSocketSndBufSize = 0;

    /** SO_RCVBUF in bytes; applied only when greater than 0. */
    private int clientSocketRcvBufSize = 0;

    /**
     * Whether connections use the pooled buffer allocator ({@code PooledByteBufAllocator.DEFAULT}). With this off the
     * channel uses Netty's default allocator: pooled on 4.1, adaptive on 4.2 (or whatever
     * {@code -Dio.netty.allocator.type} names). Off by default, as in RocketMQ, so that the client follows the
     * allocator choice of the Netty line and of the application it runs in.
     */
    private boolean clientPooledByteBufAllocatorEnable = false;

    /** Whether a sync call that times out closes its connection, failing other calls on it. */
    private boolean clientCloseSocketIfTimeout = true;

    /** Outbound bytes above which a connection turns unwritable; applied only when both marks are greater than 0. */
    private int writeBufferHighWaterMark = 0;

    /** Outbound bytes below which an unwritable connection turns writable again. */
    private int writeBufferLowWaterMark = 0;

    /** Whether callbacks run on the thread that completed the call instead of the callback executor. */
    private boolean disableCallbackExecutor = false;

    /**
     * Whether codec and handlers run on the I/O thread instead of a separate thread group. RocketMQ leaves the group
     * on by default; we do not: callbacks already run on the callback executor, so the group only adds a thread
     * hand-off to every call (see docs/benchmarks.md for what it costs).
     */
    private boolean disableNettyWorkerGroup = true;

    /**
     * Whether to use the native epoll transport when the platform has it (Linux), NIO otherwise. RocketMQ's
     * client has no such setting and always uses NIO; we default to epoll, as Reactor Netty and gRPC do, for its
     * lower latency (see docs/benchmarks.md).
     */
    private boolean useEpollNativeSelector = true;

    /** Largest accepted frame, counting the 4-byte length field; longer frames close the connection. */
    private int maxFrameLength = 16 * 1024 * 1024;

    /** Header serialization for requests this side starts; responses use the request's. */
    private SerializeType serializeType = SerializeType.JSON;

    /** Channel events queued for the listener before further ones are dropped and counted. */
    private int eventQueueCapacity = 10_000;

    /**
     * Whether a GO_AWAY response (the server is shutting down) makes the client stop using that connection for new
     * calls and re-send a request marked {@link dev.remoting.protocol.RemotingCommand#markRetryable() retryable}
     * once on a new one.
     */
    private boolean enableReconnectForGoAway = true;

    /**
     * Whether connections use TLS; without {@link #setSslContext an SslContext} the JVM's default trust store is used.
     */
    private boolean useTLS = false;

    /** Client-side TLS context (trusted certificates, and a client certificate for mutual TLS), built by the caller. */
    private @Nullable SslContext sslContext;

    /**
     * Whether the server's certificate must name the host that was connected to (endpoint identification "HTTPS").
     * Turning it off lets any certificate the trust store accepts stand for any server. This setting wins over the
     * SslContext's own, which differs between Netty lines ({@code SslContextBuilder.forClient()} verifies from 4.2 on,
     * not in 4.1).
     */
    private boolean verifyHostname = true;

    public int getClientWorkerThreads() {
        return clientWorkerThreads;
    }

    public void setClientWorkerThreads(int clientWorkerThreads) {
        this.clientWorkerThreads = clientWorkerThreads;
    }

    public int getClientCallbackExecutorThreads() {
        return clientCallbackExecutorThreads;
    }

    public void setClientCallbackExecutorThreads(int clientCallbackExecutorThreads) {
        this.clientCallbackExecutorThreads = clientCallbackExecutorThreads;
    }

    public int getClientOnewaySemaphoreValue() {
        return clientOnewaySemaphoreValue;
    }

    public void setClientOnewaySemaphoreValue(int clientOnewaySemaphoreValue) {
        this.clientOnewaySemaphoreValue = clientOnewaySemaphoreValue;
    }

    public int getClientAsyncSemaphoreValue() {
        return clientAsyncSemaphoreValue;
    }

    public void setClientAsyncSemaphoreValue(int clientAsyncSemaphoreValue) {
        this.clientAsyncSemaphoreValue = clientAsyncSemaphoreValue;
    }

    public int getConnectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    public void setConnectTimeoutMillis(int connectTimeoutMillis) {
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    public long getChannelNotActiveInterval() {
        return channelNotActiveInterval;
    }

    public void setChannelNotActiveInterval(long channelNotActiveInterval) {
        this.channelNotActiveInterval = channelNotActiveInterval;
    }

    public boolean isScanAvailableNameSrv() {
        return isScanAvailableNameSrv;
    }

    public void setScanAvailableNameSrv(boolean isScanAvailableNameSrv) {
        this.isScanAvailableNameSrv = isScanAvailableNameSrv;
    }

    public int getClientChannelMaxIdleTimeSeconds() {
        return clientChannelMaxIdleTimeSeconds;
    }

    public void setClientChannelMaxIdleTimeSeconds(int clientChannelMaxIdleTimeSeconds) {
        this.clientChannelMaxIdleTimeSeconds = clientChannelMaxIdleTimeSeconds;
    }

    public int getClientSocketSndBufSize() {
        return clientSocketSndBufSize;
    }

    public void setClientSocketSndBufSize(int clientSocketSndBufSize) {
        this.clientSocketSndBufSize = clientSocketSndBufSize;
    }

    public int getClientSocketRcvBufSize() {
        return clientSocketRcvBufSize;
    }

    public void setClientSocketRcvBufSize(int clientSocketRcvBufSize) {
        this.clientSocketRcvBufSize = clientSocketRcvBufSize;
    }

    public boolean isClientPooledByteBufAllocatorEnable() {
        return clientPooledByteBufAllocatorEnable;
    }

    public void setClientPooledByteBufAllocatorEnable(boolean clientPooledByteBufAllocatorEnable) {
        this.clientPooledByteBufAllocatorEnable = clientPooledByteBufAllocatorEnable;
    }

    public boolean isClientCloseSocketIfTimeout() {
        return clientCloseSocketIfTimeout;
    }

    public void setClientCloseSocketIfTimeout(boolean clientCloseSocketIfTimeout) {
        this.clientCloseSocketIfTimeout = clientCloseSocketIfTimeout;
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

    public boolean isDisableCallbackExecutor() {
        return disableCallbackExecutor;
    }

    public void setDisableCallbackExecutor(boolean disableCallbackExecutor) {
        this.disableCallbackExecutor = disableCallbackExecutor;
    }

    public boolean isDisableNettyWorkerGroup() {
        return disableNettyWorkerGroup;
    }

    public void setDisableNettyWorkerGroup(boolean disableNettyWorkerGroup) {
        this.disableNettyWorkerGroup = disableNettyWorkerGroup;
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

    public boolean isUseTLS() {
        return useTLS;
    }

    public void setUseTLS(boolean useTLS) {
        this.useTLS = useTLS;
    }

    public @Nullable SslContext getSslContext() {
        return sslContext;
    }

    public void setSslContext(@Nullable SslContext sslContext) {
        this.sslContext = sslContext;
    }

    public boolean isVerifyHostname() {
        return verifyHostname;
    }

    public void setVerifyHostname(boolean verifyHostname) {
        this.verifyHostname = verifyHostname;
    }

    public boolean isEnableReconnectForGoAway() {
        return enableReconnectForGoAway;
    }

    public void setEnableReconnectForGoAway(boolean enableReconnectForGoAway) {
        this.enableReconnectForGoAway = enableReconnectForGoAway;
    }

    @Override
    public NettyClientConfig clone() {
        try {
            return (NettyClientConfig) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }
}
