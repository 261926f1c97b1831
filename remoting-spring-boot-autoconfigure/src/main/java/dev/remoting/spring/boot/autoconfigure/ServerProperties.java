package dev.remoting.spring.boot.autoconfigure;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the server, under {@code remoting.server}: those of every side ({@link TransportProperties}) and the
 * server's own.
 */
public class ServerProperties extends TransportProperties {

    /**
     * Port to listen on, RocketMQ's broker port unless set; 0 picks a free port.
     */
    // The starter's own default, not the core's: NettyServerConfig picks a free port, which an application that
    // others connect to cannot use.
    private int port = 10911;

    /**
     * Address to bind to; all interfaces when not set.
     */
    private @Nullable String bindAddress;

    /**
     * Name to bind the server in-process under instead of a port, for clients in the same JVM given the address
     * local:NAME; when set, port, bind-address, socket options, ssl and proxy-protocol do not apply.
     */
    private @Nullable String inProcessName;

    /**
     * Number of I/O threads, besides the single acceptor thread.
     */
    private @Nullable Integer selectorThreads;

    /**
     * Whether accepted connections use the pooled buffer allocator.
     */
    private @Nullable Boolean pooledAllocator;

    /**
     * Time that in-flight requests get to finish on shutdown while new ones are answered with GO_AWAY; 0 stops at
     * once, and the core's wait applies when not set.
     */
    private @Nullable Duration shutdownGracePeriod;

    /**
     * Longest time a connection may take from its first byte to finish its PROXY header and TLS handshake before it
     * is closed; 0 disables.
     */
    private @Nullable Duration handshakeTimeout;

    /**
     * Maximum number of connections open at once, 0 for no limit; further connections are closed on arrival and
     * counted.
     */
    private @Nullable Integer maxConnections;

    /**
     * Whether error answers name the exception's class and top stack frame, as RocketMQ's do, rather than only its
     * message.
     */
    private @Nullable Boolean exposeErrorDetails;

    /**
     * Whether a connection may start with an HAProxy PROXY protocol header (v1 or v2), whose client address then
     * stands for the connection's; turn it off unless only the proxy can reach the port.
     */
    private @Nullable Boolean proxyProtocol;

    /**
     * Bytes all connections together may hold in frames being received and requests not yet processed, at least
     * max-frame-length; 0 takes a quarter of the JVM's maximum direct memory.
     */
    private @Nullable DataSize inboundBudget;

    /**
     * Maximum number of requests one connection may have received and not yet answered before the server stops
     * reading from it.
     */
    private @Nullable Integer maxInFlightRequests;

    /**
     * Bytes waiting to be sent on one connection above which the server closes it as a peer that does not read; 0
     * for no limit.
     */
    private @Nullable DataSize maxPendingOutbound;

    /**
     * Maximum number of requests waiting for the shared executor; further ones are answered with SYSTEM_BUSY.
     */
    private @Nullable Integer publicExecutorQueueCapacity;

    @NestedConfigurationProperty
    private final ServerSslProperties ssl = new ServerSslProperties();

    @NestedConfigurationProperty
    private final ServerAuthProperties auth = new ServerAuthProperties();

    public int getPort() {
        return this.port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public @Nullable String getBindAddress() {
        return this.bindAddress;
    }

    public void setBindAddress(@Nullable String bindAddress) {
        this.bindAddress = bindAddress;
    }

    public @Nullable String getInProcessName() {
        return this.inProcessName;
    }

    public void setInProcessName(@Nullable String inProcessName) {
        this.inProcessName = inProcessName;
    }

    public @Nullable Integer getSelectorThreads() {
        return this.selectorThreads;
    }

    public void setSelectorThreads(@Nullable Integer selectorThreads) {
        this.selectorThreads = selectorThreads;
    }

    public @Nullable Boolean getPooledAllocator() {
        return this.pooledAllocator;
    }

    public void setPooledAllocator(@Nullable Boolean pooledAllocator) {
        this.pooledAllocator = pooledAllocator;
    }

    public @Nullable Duration getShutdownGracePeriod() {
        return this.shutdownGracePeriod;
    }

    public void setShutdownGracePeriod(@Nullable Duration shutdownGracePeriod) {
        this.shutdownGracePeriod = shutdownGracePeriod;
    }

    public @Nullable Duration getHandshakeTimeout() {
        return this.handshakeTimeout;
    }

    public void setHandshakeTimeout(@Nullable Duration handshakeTimeout) {
        this.handshakeTimeout = handshakeTimeout;
    }

    public @Nullable Integer getMaxConnections() {
        return this.maxConnections;
    }

    public void setMaxConnections(@Nullable Integer maxConnections) {
        this.maxConnections = maxConnections;
    }

    public @Nullable Boolean getExposeErrorDetails() {
        return this.exposeErrorDetails;
    }

    public void setExposeErrorDetails(@Nullable Boolean exposeErrorDetails) {
        this.exposeErrorDetails = exposeErrorDetails;
    }

    public @Nullable Boolean getProxyProtocol() {
        return this.proxyProtocol;
    }

    public void setProxyProtocol(@Nullable Boolean proxyProtocol) {
        this.proxyProtocol = proxyProtocol;
    }

    public @Nullable DataSize getInboundBudget() {
        return this.inboundBudget;
    }

    public void setInboundBudget(@Nullable DataSize inboundBudget) {
        this.inboundBudget = inboundBudget;
    }

    public @Nullable Integer getMaxInFlightRequests() {
        return this.maxInFlightRequests;
    }

    public void setMaxInFlightRequests(@Nullable Integer maxInFlightRequests) {
        this.maxInFlightRequests = maxInFlightRequests;
    }

    public @Nullable DataSize getMaxPendingOutbound() {
        return this.maxPendingOutbound;
    }

    public void setMaxPendingOutbound(@Nullable DataSize maxPendingOutbound) {
        this.maxPendingOutbound = maxPendingOutbound;
    }

    public @Nullable Integer getPublicExecutorQueueCapacity() {
        return this.publicExecutorQueueCapacity;
    }

    public void setPublicExecutorQueueCapacity(@Nullable Integer publicExecutorQueueCapacity) {
        this.publicExecutorQueueCapacity = publicExecutorQueueCapacity;
    }

    public ServerSslProperties getSsl() {
        return this.ssl;
    }

    public ServerAuthProperties getAuth() {
        return this.auth;
    }
}
