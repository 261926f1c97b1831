package dev.remoting.netty;

import dev.remoting.protocol.SerializeType;
import io.netty.handler.ssl.SslContext;
import org.jspecify.annotations.Nullable;

/**
 * What the settings of a {@link NettyRemotingServer} and a {@link NettyRemotingClient} have in common: transport,
 * framing, serialization, write buffer and TLS context. The settings each side names after RocketMQ's
 * ({@code serverWorkerThreads}, {@code clientWorkerThreads}, ...) stay in {@link NettyServerConfig} and
 * {@link NettyClientConfig}.
 *
 * @param <C> the concrete config, which {@link #clone()} returns
 */
public abstract class NettyTransportConfig<C extends NettyTransportConfig<C>> implements Cloneable {

    // The settings from here to the socket buffers mean the same on both sides. RocketMQ names their accessors per
    // side (getServerWorkerThreads, getClientWorkerThreads, ...), and the subclasses keep those names; the accessors
    // here serve code that configures either side alike.

    /** Threads of the codec/handler group, when that group is on. */
    int workerThreads;

    /** Threads of the public executor (processors without their own executor, callbacks); 0 or less means 4. */
    int callbackExecutorThreads;

    /** Permits for concurrent oneway calls this side starts. */
    int onewaySemaphoreValue;

    /** Permits for concurrent sync and async calls this side starts. */
    int asyncSemaphoreValue;

    /**
     * Whether connections use the pooled buffer allocator ({@code PooledByteBufAllocator.DEFAULT}) whichever Netty
     * line runs. With this off the channel uses Netty's default allocator: pooled on 4.1, adaptive on 4.2 (or
     * whatever {@code -Dio.netty.allocator.type} names). RocketMQ turns it on for servers and off for clients, so
     * that a client follows the allocator choice of the Netty line and of the application it runs in.
     */
    boolean pooledByteBufAllocatorEnable;

    /**
     * Seconds without a complete command read or written after which a connection is closed; 0 disables. Only whole
     * frames count, as in RocketMQ, whose idle handler also sits behind the frame decoder: a peer that trickles bytes
     * without completing a frame is idle.
     */
    int channelMaxIdleTimeSeconds = 120;

    /** SO_SNDBUF in bytes; applied only when greater than 0. */
    int socketSndBufSize = 0;

    /** SO_RCVBUF in bytes; applied only when greater than 0. */
    int socketRcvBufSize = 0;

    /** Outbound bytes above which a connection turns unwritable; applied only when both marks are greater than 0. */
    private int writeBufferHighWaterMark = 0;

    /** Outbound bytes below which an unwritable connection turns writable again. */
    private int writeBufferLowWaterMark = 0;

    /**
     * Whether to use the native epoll transport when the platform has it (Linux), NIO otherwise. RocketMQ's server
     * defaults to NIO and its client has no such setting; we default to epoll on both sides, as Reactor Netty and
     * gRPC do, for its lower latency (see docs/benchmarks.md).
     */
    private boolean useEpollNativeSelector = true;

    /** Largest accepted frame, counting the 4-byte length field; longer frames close the connection. */
    private int maxFrameLength = 16 * 1024 * 1024;

    /**
     * Milliseconds a frame may take from its first byte to its last before the connection is closed (as idle, with
     * an IDLE event); 0 disables. Without it a peer could hold a connection and up to a frame's worth of buffer by
     * sending a byte now and then, since idle detection counts only complete frames. The default of 30 s is generous:
     * a full 16 MiB frame arrives within it at about 4.5 Mbit/s, and RocketMQ's own calls time out after 3 s.
     */
    private int frameTimeoutMillis = 30_000;

    /**
     * Largest header, in bytes, that an incoming frame may carry; a larger one closes the connection as malformed,
     * before the header is parsed. RocketMQ's headers are a few KiB; its largest, a SendMessage header, stays under
     * about 33 KiB, since the message properties it carries are limited to 32 KiB. The default of 256 KiB leaves room
     * for that header in JSON with escaped property separators, while bounding what a header (decoded into strings
     * and map entries, before any authentication) costs to 1/64 of a full frame.
     */
    private int maxHeaderLength = 256 * 1024;

    /**
     * Most {@code extFields} entries an incoming header may carry, counted while they are read; more close the
     * connection as malformed. RocketMQ's requests carry a few dozen at most (SendMessage has fewer than 20, plus a
     * few that hooks add for ACL or tracing). The default of 1024 is far above that and keeps a header's map small,
     * however short its entries.
     */
    private int maxExtFields = 1024;

    /** Header serialization for requests this side starts; responses use the request's. */
    private SerializeType serializeType = SerializeType.JSON;

    /** Channel events queued for the listener before further ones are dropped and counted. */
    private int eventQueueCapacity = 10_000;

    /** TLS context (certificates, key, trust; client authentication on a server), built by the caller. */
    private @Nullable SslContext sslContext;

    /** The side's defaults of the settings it names after RocketMQ, which differ between server and client. */
    NettyTransportConfig(int workerThreads, int callbackExecutorThreads, int onewaySemaphoreValue,
            int asyncSemaphoreValue, boolean pooledByteBufAllocatorEnable) {
        this.workerThreads = workerThreads;
        this.callbackExecutorThreads = callbackExecutorThreads;
        this.onewaySemaphoreValue = onewaySemaphoreValue;
        this.asyncSemaphoreValue = asyncSemaphoreValue;
        this.pooledByteBufAllocatorEnable = pooledByteBufAllocatorEnable;
    }

    public int getWorkerThreads() {
        return workerThreads;
    }

    public void setWorkerThreads(int workerThreads) {
        this.workerThreads = workerThreads;
    }

    public int getCallbackExecutorThreads() {
        return callbackExecutorThreads;
    }

    public void setCallbackExecutorThreads(int callbackExecutorThreads) {
        this.callbackExecutorThreads = callbackExecutorThreads;
    }

    public int getOnewaySemaphoreValue() {
        return onewaySemaphoreValue;
    }

    public void setOnewaySemaphoreValue(int onewaySemaphoreValue) {
        this.onewaySemaphoreValue = onewaySemaphoreValue;
    }

    public int getAsyncSemaphoreValue() {
        return asyncSemaphoreValue;
    }

    public void setAsyncSemaphoreValue(int asyncSemaphoreValue) {
        this.asyncSemaphoreValue = asyncSemaphoreValue;
    }

    public boolean isPooledByteBufAllocatorEnable() {
        return pooledByteBufAllocatorEnable;
    }

    public void setPooledByteBufAllocatorEnable(boolean pooledByteBufAllocatorEnable) {
        this.pooledByteBufAllocatorEnable = pooledByteBufAllocatorEnable;
    }

    public int getChannelMaxIdleTimeSeconds() {
        return channelMaxIdleTimeSeconds;
    }

    public void setChannelMaxIdleTimeSeconds(int channelMaxIdleTimeSeconds) {
        this.channelMaxIdleTimeSeconds = channelMaxIdleTimeSeconds;
    }

    public int getSocketSndBufSize() {
        return socketSndBufSize;
    }

    public void setSocketSndBufSize(int socketSndBufSize) {
        this.socketSndBufSize = socketSndBufSize;
    }

    public int getSocketRcvBufSize() {
        return socketRcvBufSize;
    }

    public void setSocketRcvBufSize(int socketRcvBufSize) {
        this.socketRcvBufSize = socketRcvBufSize;
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

    public int getFrameTimeoutMillis() {
        return frameTimeoutMillis;
    }

    public void setFrameTimeoutMillis(int frameTimeoutMillis) {
        this.frameTimeoutMillis = frameTimeoutMillis;
    }

    public int getMaxHeaderLength() {
        return maxHeaderLength;
    }

    public void setMaxHeaderLength(int maxHeaderLength) {
        this.maxHeaderLength = maxHeaderLength;
    }

    public int getMaxExtFields() {
        return maxExtFields;
    }

    public void setMaxExtFields(int maxExtFields) {
        this.maxExtFields = maxExtFields;
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

    public @Nullable SslContext getSslContext() {
        return sslContext;
    }

    public void setSslContext(@Nullable SslContext sslContext) {
        this.sslContext = sslContext;
    }

    /** Returns a copy, so that a server or client keeps its settings however the caller's object changes later. */
    @Override
    @SuppressWarnings("unchecked")
    public C clone() {
        try {
            return (C) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }
}
