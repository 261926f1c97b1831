package dev.remoting.netty;

import org.jspecify.annotations.Nullable;

/**
 * Settings of one {@link NettyRemotingServer}, with RocketMQ's field names and defaults. Limits that RocketMQ
 * reads from JVM-wide system properties (frame length, permits) are per instance here.
 */
public final class NettyServerConfig extends NettyTransportConfig<NettyServerConfig> {

    /** Address to bind; all interfaces by default. */
    private String bindAddress = "0.0.0.0";

    /** Port to listen on; 0 picks a free one, see {@link NettyRemotingServer#localListenPort()}. */
    private int listenPort = 0;

    /**
     * Name to bind in-process under instead of a port, null for TCP; clients in this JVM reach it at
     * {@code local:<name>} ({@link dev.remoting.InProcessAddress}). No socket: bind address, port, backlog, socket
     * buffers, the PROXY protocol and TLS do not apply.
     */
    private @Nullable String inProcessName;

    /** I/O threads; the acceptor has one more of its own. */
    private int serverSelectorThreads = 3;

    /** SO_BACKLOG of the listening socket. */
    private int serverSocketBacklog = 1024;

    /**
     * Whether codec and handlers run on a thread group of their own rather than the I/O threads. RocketMQ's default,
     * not ours: processors run on their executors anyway, so it only adds a hand-off (docs/benchmarks.md).
     */
    private boolean serverNettyWorkerGroupEnable = false;

    /** Whether shutdown first answers new requests with GO_AWAY and lets in-flight ones finish. */
    private boolean enableShutdownGracefully = false;

    /** Longest time a graceful shutdown waits for in-flight requests. */
    private int shutdownWaitTimeSeconds = 30;

    /** How the server treats TLS: DISABLED by default, as no certificate is; the others need an SslContext. */
    private TlsMode tlsMode = TlsMode.DISABLED;

    /**
     * Whether a connection may start with an HAProxy PROXY protocol header (v1 or v2, detected) whose source address
     * then stands for the peer's. Anyone who reaches the port can send one: turn this off unless only the proxy can.
     */
    private boolean proxyProtocolEnabled = true;

    /**
     * Milliseconds a connection may take, from its first byte, to finish its PROXY header and TLS handshake (the
     * {@code SslHandler}'s handshake timeout too); longer closes it as idle, with an IDLE event. 0 disables our budget
     * and leaves TLS at Netty's 10 s. A silent connection is idle, not timed here. The default, Netty's 10 s, is far
     * more than a proxy needs for its header of a few hundred bytes, which it sends at once.
     */
    private int handshakeTimeoutMillis = 10_000;

    /** Most connections open at once; further ones are closed when accepted and counted. 0 means no limit. */
    private int maxConnections = 0;

    /** Whether SYSTEM_ERROR answers name the exception class and top frame, as RocketMQ's; off: peers learn less. */
    private boolean exposeErrorDetails = false;

    /**
     * Bytes all connections together may hold in frames being received (at full length once the length field is in)
     * and requests not yet processed; a connection whose next frame does not fit is not read until enough is given
     * back, a frame larger than the budget closes it. 0, the default: a quarter of the JVM's maximum direct memory
     * ({@code io.netty.maxDirectMemory}, else {@code -XX:MaxDirectMemorySize}), at least maxFrameLength. A connection
     * holding nothing always gets one frame of up to 64 KiB through, so well-behaved clients are served meanwhile.
     */
    private long inboundBudgetBytes = 0;

    /**
     * Requests one connection may have received and not yet answered; at this many the server stops reading (and
     * decoding) from it until half are answered. A request counts until its response is written to the socket (or it
     * has none: oneway, or answered later by its processor), so answers waiting for a peer that does not read count.
     */
    private int maxInFlightRequestsPerConnection = 1024;

    /**
     * Bytes that may wait to be sent on one connection, above which the server closes it as a peer that does not
     * read. Reading already stops at the high-water mark; this bounds what requests read before that add. 0: none.
     */
    private long maxPendingOutboundBytes = 64L * 1024 * 1024;

    /**
     * Requests (and callbacks) that may wait for a thread of the public executor, which runs processors registered
     * without an executor of their own; a request that finds the queue full is answered SYSTEM_BUSY at once.
     */
    private int publicExecutorQueueCapacity = 10_000;

    /**
     * Creates a server's settings with RocketMQ's server defaults: 8 worker threads, 4 callback threads (written as
     * 0), 256 oneway and 64 async permits, and the pooled allocator ({@link #isServerPooledByteBufAllocatorEnable}).
     */
    public NettyServerConfig() {
        super(8, 0, 256, 64, true);
    }

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

    public @Nullable String getInProcessName() {
        return inProcessName;
    }

    public void setInProcessName(@Nullable String inProcessName) {
        this.inProcessName = inProcessName;
    }

    public int getServerWorkerThreads() {
        return workerThreads;
    }

    public void setServerWorkerThreads(int serverWorkerThreads) {
        this.workerThreads = serverWorkerThreads;
    }

    public int getServerCallbackExecutorThreads() {
        return callbackExecutorThreads;
    }

    public void setServerCallbackExecutorThreads(int serverCallbackExecutorThreads) {
        this.callbackExecutorThreads = serverCallbackExecutorThreads;
    }

    public int getServerSelectorThreads() {
        return serverSelectorThreads;
    }

    public void setServerSelectorThreads(int serverSelectorThreads) {
        this.serverSelectorThreads = serverSelectorThreads;
    }

    public int getServerOnewaySemaphoreValue() {
        return onewaySemaphoreValue;
    }

    public void setServerOnewaySemaphoreValue(int serverOnewaySemaphoreValue) {
        this.onewaySemaphoreValue = serverOnewaySemaphoreValue;
    }

    public int getServerAsyncSemaphoreValue() {
        return asyncSemaphoreValue;
    }

    public void setServerAsyncSemaphoreValue(int serverAsyncSemaphoreValue) {
        this.asyncSemaphoreValue = serverAsyncSemaphoreValue;
    }

    public int getServerChannelMaxIdleTimeSeconds() {
        return channelMaxIdleTimeSeconds;
    }

    public void setServerChannelMaxIdleTimeSeconds(int serverChannelMaxIdleTimeSeconds) {
        this.channelMaxIdleTimeSeconds = serverChannelMaxIdleTimeSeconds;
    }

    public int getServerSocketSndBufSize() {
        return socketSndBufSize;
    }

    public void setServerSocketSndBufSize(int serverSocketSndBufSize) {
        this.socketSndBufSize = serverSocketSndBufSize;
    }

    public int getServerSocketRcvBufSize() {
        return socketRcvBufSize;
    }

    public void setServerSocketRcvBufSize(int serverSocketRcvBufSize) {
        this.socketRcvBufSize = serverSocketRcvBufSize;
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
        return pooledByteBufAllocatorEnable;
    }

    public void setServerPooledByteBufAllocatorEnable(boolean serverPooledByteBufAllocatorEnable) {
        this.pooledByteBufAllocatorEnable = serverPooledByteBufAllocatorEnable;
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

    public TlsMode getTlsMode() {
        return tlsMode;
    }

    public void setTlsMode(TlsMode tlsMode) {
        this.tlsMode = tlsMode;
    }

    public boolean isProxyProtocolEnabled() {
        return proxyProtocolEnabled;
    }

    public void setProxyProtocolEnabled(boolean proxyProtocolEnabled) {
        this.proxyProtocolEnabled = proxyProtocolEnabled;
    }

    public int getHandshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    public void setHandshakeTimeoutMillis(int handshakeTimeoutMillis) {
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public long getInboundBudgetBytes() {
        return inboundBudgetBytes;
    }

    public void setInboundBudgetBytes(long inboundBudgetBytes) {
        this.inboundBudgetBytes = inboundBudgetBytes;
    }

    public int getMaxInFlightRequestsPerConnection() {
        return maxInFlightRequestsPerConnection;
    }

    public void setMaxInFlightRequestsPerConnection(int maxInFlightRequestsPerConnection) {
        this.maxInFlightRequestsPerConnection = maxInFlightRequestsPerConnection;
    }

    public long getMaxPendingOutboundBytes() {
        return maxPendingOutboundBytes;
    }

    public void setMaxPendingOutboundBytes(long maxPendingOutboundBytes) {
        this.maxPendingOutboundBytes = maxPendingOutboundBytes;
    }

    public int getPublicExecutorQueueCapacity() {
        return publicExecutorQueueCapacity;
    }

    public void setPublicExecutorQueueCapacity(int publicExecutorQueueCapacity) {
        this.publicExecutorQueueCapacity = publicExecutorQueueCapacity;
    }

    public boolean isExposeErrorDetails() {
        return exposeErrorDetails;
    }

    public void setExposeErrorDetails(boolean exposeErrorDetails) {
        this.exposeErrorDetails = exposeErrorDetails;
    }
}
