package dev.remoting.netty;

/**
 * Settings of one {@link NettyRemotingServer}, with RocketMQ's field names and defaults. Limits that RocketMQ
 * reads from JVM-wide system properties (frame length, permits) are per instance here.
 */
public final class NettyServerConfig extends NettyTransportConfig<NettyServerConfig> {

    /** Address to bind; all interfaces by default. */
    private String bindAddress = "0.0.0.0";

    /** Port to listen on; 0 picks a free one, see {@link NettyRemotingServer#localListenPort()}. */
    private int listenPort = 0;

    /** I/O threads; the acceptor has one more of its own. */
    private int serverSelectorThreads = 3;

    /** SO_BACKLOG of the listening socket. */
    private int serverSocketBacklog = 1024;

    /**
     * Whether codec and handlers run on a separate thread group instead of the I/O threads. RocketMQ turns this on by
     * default; we do not: processors already run on their executors, so the group only adds a thread hand-off to
     * every request and response (see docs/benchmarks.md for what it costs).
     */
    private boolean serverNettyWorkerGroupEnable = false;

    /** Whether shutdown first answers new requests with GO_AWAY and lets in-flight ones finish. */
    private boolean enableShutdownGracefully = false;

    /** Longest time a graceful shutdown waits for in-flight requests. */
    private int shutdownWaitTimeSeconds = 30;

    /**
     * How the server treats TLS. DISABLED by default because no certificate is configured by default; PERMISSIVE
     * and ENFORCING need {@link #setSslContext an SslContext}.
     */
    private TlsMode tlsMode = TlsMode.DISABLED;

    /**
     * Whether a connection may start with an HAProxy PROXY protocol header (v1 or v2, detected automatically) whose
     * source address then stands for the peer's. Anyone who can reach the port can send one, so turn this off unless
     * only the proxy can.
     */
    private boolean proxyProtocolEnabled = true;

    /**
     * Milliseconds a connection may take, from its first byte, to finish its handshake: the PROXY header and the TLS
     * handshake (this is the {@code SslHandler}'s handshake timeout too). Longer closes it (as idle, with an IDLE
     * event); 0 disables our budget and leaves TLS handshakes at Netty's 10 s. A connection that sends nothing is
     * not timed here: it is idle. The default of 10 s is Netty's TLS handshake timeout, and far more than a proxy
     * needs to send a header of at most a few hundred bytes, which it sends at once.
     */
    private int handshakeTimeoutMillis = 10_000;

    /** Most connections open at once; further ones are closed when accepted and counted. 0 means no limit. */
    private int maxConnections = 0;

    /**
     * Whether SYSTEM_ERROR answers name the exception's class and top stack frame, as RocketMQ's do. Off by default,
     * so that peers learn nothing about the server's insides.
     */
    private boolean exposeErrorDetails = false;

    /**
     * Bytes that all connections together may hold in frames being received (each counted at its full length as soon
     * as its length field arrives) and in requests decoded but not yet processed. A connection whose next frame does
     * not fit stops being read until enough is given back; a frame larger than the whole budget closes its
     * connection. 0, the default, means a quarter of the JVM's maximum direct memory (Netty's
     * {@code io.netty.maxDirectMemory}, else {@code -XX:MaxDirectMemorySize}), and at least {@link #getMaxFrameLength
     * maxFrameLength}. Whatever its size, each connection can always get one frame of up to 64 KiB through while it
     * holds nothing else, so that a well-behaved client is served while others fill the budget.
     */
    private long inboundBudgetBytes = 0;

    /**
     * Requests one connection may have received and not yet answered; at this many the server stops reading from it
     * (and decoding what it already read) until half of them are answered. A request counts until its response has
     * been written to the socket (or it has none: oneway, or a processor that answers later by itself), so the
     * answers waiting for a peer that does not read count too.
     */
    private int maxInFlightRequestsPerConnection = 1024;

    /**
     * Bytes that may wait to be sent on one connection: above this the server closes it as a peer that does not read
     * its responses. Reading from a connection already stops at the write-buffer high-water mark; this bounds what
     * the requests read before that still add. 0 means no limit.
     */
    private long maxPendingOutboundBytes = 64L * 1024 * 1024;

    /**
     * Requests (and callbacks) that may wait for a thread of the public executor, the one that runs processors
     * registered without an executor of their own; a request that finds the queue full is answered SYSTEM_BUSY at
     * once.
     */
    private int publicExecutorQueueCapacity = 10_000;

    /**
     * Creates a server's settings with RocketMQ's server defaults: 8 worker threads, 4 callback threads (written as
     * 0), 256 oneway and 64 async permits, and the pooled allocator (see
     * {@link #isServerPooledByteBufAllocatorEnable()}).
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
