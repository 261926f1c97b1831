package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.protocol.SerializeType;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * The settings a server ({@code remoting.server}), the default client ({@code remoting.client}) and each named client
 * ({@code remoting.clients.<name>}) have in common. A setting left unset takes the default of the core's
 * {@link dev.remoting.netty.NettyServerConfig} or {@link dev.remoting.netty.NettyClientConfig}, which this class never
 * repeats; {@link NettyConfigMapper} copies only what is set, and {@link RemotingPropertiesValidator} checks it.
 */
public abstract class TransportProperties {

    /**
     * Whether to create this server or client and start it with the application.
     */
    private boolean enabled = true;

    /**
     * Number of threads that run the codec and connection handlers when use-worker-group is on.
     */
    private @Nullable Integer workerThreads;

    /**
     * Whether codec and connection handlers run on the worker threads instead of the I/O threads.
     */
    private @Nullable Boolean useWorkerGroup;

    /**
     * Number of threads of the shared executor that runs callbacks and the handlers without an executor of their
     * own; 4 on a server, the number of available processors on a client.
     */
    private @Nullable Integer callbackThreads;

    /**
     * Maximum number of concurrent oneway calls this side starts.
     */
    private @Nullable Integer onewayPermits;

    /**
     * Maximum number of concurrent sync and async calls this side starts.
     */
    private @Nullable Integer asyncPermits;

    /**
     * Time without a complete command read or written after which a connection is closed; 0 disables.
     */
    private @Nullable Duration idleTime;

    /**
     * Largest accepted frame, including its 4-byte length field.
     */
    private @Nullable DataSize maxFrameLength;

    /**
     * Longest time an incoming frame may take from its first byte to its last before the connection is closed; 0
     * disables.
     */
    private @Nullable Duration frameTimeout;

    /**
     * Largest accepted header of an incoming frame; a larger one closes the connection.
     */
    private @Nullable DataSize maxHeaderLength;

    /**
     * Maximum number of extFields entries an incoming header may carry; more close the connection.
     */
    private @Nullable Integer maxExtFields;

    /**
     * Header serialization of requests this side sends; responses use the serialization of their request.
     */
    private @Nullable SerializeType serializeType;

    /**
     * Whether to use the native epoll transport when the platform supports it.
     */
    private @Nullable Boolean useEpoll;

    /**
     * Maximum number of channel events queued for listeners before further ones are dropped and counted.
     */
    private @Nullable Integer eventQueueCapacity;

    @NestedConfigurationProperty
    private final SocketProperties socket = new SocketProperties();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable Integer getWorkerThreads() {
        return this.workerThreads;
    }

    public void setWorkerThreads(@Nullable Integer workerThreads) {
        this.workerThreads = workerThreads;
    }

    public @Nullable Boolean getUseWorkerGroup() {
        return this.useWorkerGroup;
    }

    public void setUseWorkerGroup(@Nullable Boolean useWorkerGroup) {
        this.useWorkerGroup = useWorkerGroup;
    }

    public @Nullable Integer getCallbackThreads() {
        return this.callbackThreads;
    }

    public void setCallbackThreads(@Nullable Integer callbackThreads) {
        this.callbackThreads = callbackThreads;
    }

    public @Nullable Integer getOnewayPermits() {
        return this.onewayPermits;
    }

    public void setOnewayPermits(@Nullable Integer onewayPermits) {
        this.onewayPermits = onewayPermits;
    }

    public @Nullable Integer getAsyncPermits() {
        return this.asyncPermits;
    }

    public void setAsyncPermits(@Nullable Integer asyncPermits) {
        this.asyncPermits = asyncPermits;
    }

    public @Nullable Duration getIdleTime() {
        return this.idleTime;
    }

    public void setIdleTime(@Nullable Duration idleTime) {
        this.idleTime = idleTime;
    }

    public @Nullable DataSize getMaxFrameLength() {
        return this.maxFrameLength;
    }

    public void setMaxFrameLength(@Nullable DataSize maxFrameLength) {
        this.maxFrameLength = maxFrameLength;
    }

    public @Nullable Duration getFrameTimeout() {
        return this.frameTimeout;
    }

    public void setFrameTimeout(@Nullable Duration frameTimeout) {
        this.frameTimeout = frameTimeout;
    }

    public @Nullable DataSize getMaxHeaderLength() {
        return this.maxHeaderLength;
    }

    public void setMaxHeaderLength(@Nullable DataSize maxHeaderLength) {
        this.maxHeaderLength = maxHeaderLength;
    }

    public @Nullable Integer getMaxExtFields() {
        return this.maxExtFields;
    }

    public void setMaxExtFields(@Nullable Integer maxExtFields) {
        this.maxExtFields = maxExtFields;
    }

    public @Nullable SerializeType getSerializeType() {
        return this.serializeType;
    }

    public void setSerializeType(@Nullable SerializeType serializeType) {
        this.serializeType = serializeType;
    }

    public @Nullable Boolean getUseEpoll() {
        return this.useEpoll;
    }

    public void setUseEpoll(@Nullable Boolean useEpoll) {
        this.useEpoll = useEpoll;
    }

    public @Nullable Integer getEventQueueCapacity() {
        return this.eventQueueCapacity;
    }

    public void setEventQueueCapacity(@Nullable Integer eventQueueCapacity) {
        this.eventQueueCapacity = eventQueueCapacity;
    }

    public SocketProperties getSocket() {
        return this.socket;
    }
}
