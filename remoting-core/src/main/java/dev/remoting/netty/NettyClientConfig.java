package dev.remoting.netty;

/**
 * Settings of one {@link NettyRemotingClient}, with RocketMQ's field names and defaults. Limits that RocketMQ
 * reads from JVM-wide system properties (frame length, permits, timeouts) are per instance here.
 */
public final class NettyClientConfig extends NettyTransportConfig<NettyClientConfig> {

    /** Longest time to wait for a connection to be made. */
    private int connectTimeoutMillis = 3000;

    /** Kept for RocketMQ compatibility; not used. */
    private long channelNotActiveInterval = 1000 * 60;

    /** Kept for RocketMQ compatibility; name servers are chosen on connect failure instead of by a scan. */
    private boolean isScanAvailableNameSrv = true;

    /**
     * Whether a sync call that times out closes its connection, failing other calls on it. On by default, as in
     * RocketMQ, where it was the way to get rid of a connection whose late responses would pile up and to move "any
     * name server" calls off a server that stopped answering. Here deadlines are exact, late responses are dropped,
     * and a timeout moves name-server calls on by itself, so closing buys little and makes one slow call fail every
     * unrelated call in flight on the connection: turn it off unless you rely on the reconnect. The Spring Boot
     * starter turns it off unless set.
     */
    private boolean clientCloseSocketIfTimeout = true;

    /** Whether callbacks run on the thread that completed the call instead of the callback executor. */
    private boolean disableCallbackExecutor = false;

    /**
     * Whether codec and handlers run on the I/O thread instead of a separate thread group. RocketMQ leaves the group
     * on by default; we do not: callbacks already run on the callback executor, so the group only adds a thread
     * hand-off to every call (see docs/benchmarks.md for what it costs).
     */
    private boolean disableNettyWorkerGroup = true;

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

    /**
     * Whether the server's certificate must name the host that was connected to (endpoint identification "HTTPS").
     * Turning it off lets any certificate the trust store accepts stand for any server. This setting wins over the
     * SslContext's own, which differs between Netty lines ({@code SslContextBuilder.forClient()} verifies from 4.2 on,
     * not in 4.1).
     */
    private boolean verifyHostname = true;

    /**
     * Creates a client's settings with RocketMQ's client defaults: 4 worker threads, a callback thread per available
     * processor, 65535 oneway and 65535 async permits, and Netty's default allocator (see
     * {@link #isClientPooledByteBufAllocatorEnable()}).
     */
    public NettyClientConfig() {
        super(4, Runtime.getRuntime().availableProcessors(), 65535, 65535, false);
    }

    public int getClientWorkerThreads() {
        return workerThreads;
    }

    public void setClientWorkerThreads(int clientWorkerThreads) {
        this.workerThreads = clientWorkerThreads;
    }

    public int getClientCallbackExecutorThreads() {
        return callbackExecutorThreads;
    }

    public void setClientCallbackExecutorThreads(int clientCallbackExecutorThreads) {
        this.callbackExecutorThreads = clientCallbackExecutorThreads;
    }

    public int getClientOnewaySemaphoreValue() {
        return onewaySemaphoreValue;
    }

    public void setClientOnewaySemaphoreValue(int clientOnewaySemaphoreValue) {
        this.onewaySemaphoreValue = clientOnewaySemaphoreValue;
    }

    public int getClientAsyncSemaphoreValue() {
        return asyncSemaphoreValue;
    }

    public void setClientAsyncSemaphoreValue(int clientAsyncSemaphoreValue) {
        this.asyncSemaphoreValue = clientAsyncSemaphoreValue;
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
        return channelMaxIdleTimeSeconds;
    }

    public void setClientChannelMaxIdleTimeSeconds(int clientChannelMaxIdleTimeSeconds) {
        this.channelMaxIdleTimeSeconds = clientChannelMaxIdleTimeSeconds;
    }

    public int getClientSocketSndBufSize() {
        return socketSndBufSize;
    }

    public void setClientSocketSndBufSize(int clientSocketSndBufSize) {
        this.socketSndBufSize = clientSocketSndBufSize;
    }

    public int getClientSocketRcvBufSize() {
        return socketRcvBufSize;
    }

    public void setClientSocketRcvBufSize(int clientSocketRcvBufSize) {
        this.socketRcvBufSize = clientSocketRcvBufSize;
    }

    public boolean isClientPooledByteBufAllocatorEnable() {
        return pooledByteBufAllocatorEnable;
    }

    public void setClientPooledByteBufAllocatorEnable(boolean clientPooledByteBufAllocatorEnable) {
        this.pooledByteBufAllocatorEnable = clientPooledByteBufAllocatorEnable;
    }

    public boolean isClientCloseSocketIfTimeout() {
        return clientCloseSocketIfTimeout;
    }

    public void setClientCloseSocketIfTimeout(boolean clientCloseSocketIfTimeout) {
        this.clientCloseSocketIfTimeout = clientCloseSocketIfTimeout;
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

    public boolean isUseTLS() {
        return useTLS;
    }

    public void setUseTLS(boolean useTLS) {
        this.useTLS = useTLS;
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
}
