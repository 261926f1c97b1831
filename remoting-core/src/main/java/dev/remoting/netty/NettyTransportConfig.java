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

    /** Seconds without reads or writes after which a connection is closed; 0 disables. */
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
