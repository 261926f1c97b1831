package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.protocol.SerializeType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the remoting server, clients and handler executors. A complete example:
 *
 * <pre>
 * remoting:
 *   server:
 *     enabled: true
 *     port: 10911                 # 0 picks a free port, published as local.remoting.server.port
 *     bind-address: 0.0.0.0
 *     selector-threads: 3
 *     use-worker-group: false     # true: a codec thread group of worker-threads, as in RocketMQ
 *     worker-threads: 8
 *     callback-threads: 4
 *     oneway-permits: 256
 *     async-permits: 64
 *     idle-time: 120s
 *     max-frame-length: 16MB
 *     serialize-type: json
 *     use-epoll: true             # native transport on Linux, NIO elsewhere
 *     shutdown-grace-period: 30s
 *     max-connections: 0          # 0: no limit; connections beyond it are closed and counted
 *     expose-error-details: false # true: error remarks name the exception class and top frame
 *     proxy-protocol: true        # accept an HAProxy PROXY v1/v2 header; the client it names is the peer
 *     ssl:
 *       mode: enforcing           # disabled | permissive (TLS and plaintext on one port) | enforcing
 *       certificate: file:/etc/remoting/server.crt    # PEM chain; or bundle: my-bundle (spring.ssl.bundle.*)
 *       certificate-private-key: file:/etc/remoting/server.key
 *       private-key-password:     # only for an encrypted key
 *       trust-certificate: file:/etc/remoting/clients-ca.crt
 *       client-auth: require      # none | optional | require
 *     auth:                       # only signed requests run; others get NO_PERMISSION (16)
 *       enabled: true
 *       access-keys:              # access key: secret key; several may be given
 *         orders-app: orders-secret
 *         "[RocketMQ]": 12345678  # brackets keep keys with upper case or dots as written
 *       max-clock-skew: 5m        # how far a request's signing time may be from the server's clock
 *       require-timestamp: true   # false also accepts RocketMQ's own ACL client, which sends no timestamp
 *     socket:
 *       backlog: 1024
 *       send-buffer-size: 0       # 0 keeps the OS default
 *       receive-buffer-size: 0
 *       write-buffer-low-water-mark: 32KB
 *       write-buffer-high-water-mark: 64KB
 *   client:
 *     enabled: true
 *     name-servers: 127.0.0.1:9876,127.0.0.2:9876
 *     use-epoll: true
 *     use-worker-group: false
 *     worker-threads: 4
 *     callback-threads: 4
 *     async-permits: 65535
 *     oneway-permits: 65535
 *     connect-timeout: 3s
 *     idle-time: 120s
 *     serialize-type: rocketmq
 *     ssl:
 *       enabled: true
 *       trust-certificate: file:/etc/remoting/ca.crt   # or bundle: my-bundle; the JVM's trust store if unset
 *       certificate: file:/etc/remoting/client.crt     # for mutual TLS, with certificate-private-key
 *       certificate-private-key: file:/etc/remoting/client.key
 *       verify-hostname: true     # the server's certificate must name the host connected to
 *       trust-all: false          # true turns certificate verification off: tests only
 *     auth:                       # signs every request like RocketMQ's ACL 1.0 client, plus a timestamp
 *       access-key: orders-app
 *       secret-key: orders-secret
 *   clients:                      # further clients, e.g. for other clusters; each takes what client takes
 *     audit:                      # the name: letters, digits, '-' and '_'; "default" is the client above
 *       name-servers: 10.0.1.1:9876
 *       async-permits: 1000
 *       serialize-type: json
 *       auth:
 *         access-key: orders-app
 *         secret-key: audit-secret
 *   executors:                    # handler executors, referenced by @RequestCodeHandler(executor = "send")
 *     send:
 *       threads: 8
 *       queue-capacity: 10000     # a full queue answers SYSTEM_BUSY
 *     pull:
 *       threads: 4
 * </pre>
 */
@ConfigurationProperties(prefix = "remoting")
public class RemotingProperties {

    private final Server server = new Server();

    private final Client client = new Client();

    /**
     * Named clients, each taking the properties of remoting.client, for calling further clusters.
     */
    private final Map<String, Client> clients = new LinkedHashMap<>();

    /**
     * Named executors for request handlers.
     */
    private final Map<String, Executor> executors = new LinkedHashMap<>();

    public Server getServer() {
        return this.server;
    }

    public Client getClient() {
        return this.client;
    }

    public Map<String, Client> getClients() {
        return this.clients;
    }

    public Map<String, Executor> getExecutors() {
        return this.executors;
    }

    /** Settings of the server, under {@code remoting.server}. */
    public static class Server {

        /**
         * Whether to start a remoting server.
         */
        private boolean enabled = true;

        /**
         * Port to listen on; 0 picks a free port.
         */
        private int port = 10911;

        /**
         * Address to bind to.
         */
        private String bindAddress = "0.0.0.0";

        /**
         * Number of I/O threads, besides the single acceptor thread.
         */
        private int selectorThreads = 3;

        /**
         * Number of threads that run the codec and connection handlers when use-worker-group is on.
         */
        private int workerThreads = 8;

        /**
         * Whether codec and connection handlers run on the worker threads instead of the I/O threads.
         */
        private boolean useWorkerGroup = false;

        /**
         * Number of threads of the shared executor for handlers without an executor of their own and for callbacks.
         */
        private int callbackThreads = 4;

        /**
         * Maximum number of concurrent oneway calls from the server to clients.
         */
        private int onewayPermits = 256;

        /**
         * Maximum number of concurrent sync and async calls from the server to clients.
         */
        private int asyncPermits = 64;

        /**
         * Time without reads or writes after which a connection is closed; 0 disables.
         */
        private Duration idleTime = Duration.ofSeconds(120);

        /**
         * Largest accepted frame, including its 4-byte length field.
         */
        private DataSize maxFrameLength = DataSize.ofMegabytes(16);

        /**
         * Header serialization of requests the server sends; responses use the serialization of their request.
         */
        private SerializeType serializeType = SerializeType.JSON;

        /**
         * Whether to use the native epoll transport when the platform supports it.
         */
        private boolean useEpoll = true;

        /**
         * Whether accepted connections use the pooled buffer allocator.
         */
        private boolean pooledAllocator = true;

        /**
         * Time that in-flight requests get to finish on shutdown while new ones are answered with GO_AWAY.
         */
        private Duration shutdownGracePeriod = Duration.ofSeconds(30);

        /**
         * Maximum number of channel events queued for listeners before further ones are dropped and counted.
         */
        private int eventQueueCapacity = 10_000;

        /**
         * Maximum number of connections open at once, 0 for no limit; further connections are closed on arrival and
         * counted.
         */
        private int maxConnections = 0;

        /**
         * Whether error answers name the exception's class and top stack frame, as RocketMQ's do, rather than only its
         * message.
         */
        private boolean exposeErrorDetails = false;

        /**
         * Whether a connection may start with an HAProxy PROXY protocol header (v1 or v2), whose client address then
         * stands for the connection's; turn it off unless only the proxy can reach the port.
         */
        private boolean proxyProtocol = true;

        @NestedConfigurationProperty
        private final ServerSslProperties ssl = new ServerSslProperties();

        @NestedConfigurationProperty
        private final ServerAuthProperties auth = new ServerAuthProperties();

        @NestedConfigurationProperty
        private final Socket socket = new Socket();

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getPort() {
            return this.port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public String getBindAddress() {
            return this.bindAddress;
        }

        public void setBindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
        }

        public int getSelectorThreads() {
            return this.selectorThreads;
        }

        public void setSelectorThreads(int selectorThreads) {
            this.selectorThreads = selectorThreads;
        }

        public int getWorkerThreads() {
            return this.workerThreads;
        }

        public void setWorkerThreads(int workerThreads) {
            this.workerThreads = workerThreads;
        }

        public boolean isUseWorkerGroup() {
            return this.useWorkerGroup;
        }

        public void setUseWorkerGroup(boolean useWorkerGroup) {
            this.useWorkerGroup = useWorkerGroup;
        }

        public int getCallbackThreads() {
            return this.callbackThreads;
        }

        public void setCallbackThreads(int callbackThreads) {
            this.callbackThreads = callbackThreads;
        }

        public int getOnewayPermits() {
            return this.onewayPermits;
        }

        public void setOnewayPermits(int onewayPermits) {
            this.onewayPermits = onewayPermits;
        }

        public int getAsyncPermits() {
            return this.asyncPermits;
        }

        public void setAsyncPermits(int asyncPermits) {
            this.asyncPermits = asyncPermits;
        }

        public Duration getIdleTime() {
            return this.idleTime;
        }

        public void setIdleTime(Duration idleTime) {
            this.idleTime = idleTime;
        }

        public DataSize getMaxFrameLength() {
            return this.maxFrameLength;
        }

        public void setMaxFrameLength(DataSize maxFrameLength) {
            this.maxFrameLength = maxFrameLength;
        }

        public SerializeType getSerializeType() {
            return this.serializeType;
        }

        public void setSerializeType(SerializeType serializeType) {
            this.serializeType = serializeType;
        }

        public boolean isUseEpoll() {
            return this.useEpoll;
        }

        public void setUseEpoll(boolean useEpoll) {
            this.useEpoll = useEpoll;
        }

        public boolean isPooledAllocator() {
            return this.pooledAllocator;
        }

        public void setPooledAllocator(boolean pooledAllocator) {
            this.pooledAllocator = pooledAllocator;
        }

        public Duration getShutdownGracePeriod() {
            return this.shutdownGracePeriod;
        }

        public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
            this.shutdownGracePeriod = shutdownGracePeriod;
        }

        public int getEventQueueCapacity() {
            return this.eventQueueCapacity;
        }

        public void setEventQueueCapacity(int eventQueueCapacity) {
            this.eventQueueCapacity = eventQueueCapacity;
        }

        public Socket getSocket() {
            return this.socket;
        }

        public int getMaxConnections() {
            return this.maxConnections;
        }

        public void setMaxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
        }

        public boolean isExposeErrorDetails() {
            return this.exposeErrorDetails;
        }

        public void setExposeErrorDetails(boolean exposeErrorDetails) {
            this.exposeErrorDetails = exposeErrorDetails;
        }

        public boolean isProxyProtocol() {
            return this.proxyProtocol;
        }

        public void setProxyProtocol(boolean proxyProtocol) {
            this.proxyProtocol = proxyProtocol;
        }

        public ServerSslProperties getSsl() {
            return this.ssl;
        }

        public ServerAuthProperties getAuth() {
            return this.auth;
        }
    }

    /** Settings of a client, under {@code remoting.client} or {@code remoting.clients.<name>}. */
    public static class Client {

        /**
         * Whether to create this remoting client.
         */
        private boolean enabled = true;

        /**
         * Name-server addresses as host:port, used by calls made with a null address.
         */
        private List<String> nameServers = new ArrayList<>();

        /**
         * Whether to use the native epoll transport when the platform supports it.
         */
        private boolean useEpoll = true;

        /**
         * Whether codec and connection handlers run on the worker threads instead of the I/O thread.
         */
        private boolean useWorkerGroup = false;

        /**
         * Number of threads that run the codec and connection handlers when use-worker-group is on.
         */
        private int workerThreads = 4;

        /**
         * Number of threads that run callbacks and handlers of server-to-client requests; defaults to the number of
         * available processors.
         */
        private int callbackThreads = Runtime.getRuntime().availableProcessors();

        /**
         * Maximum number of concurrent oneway calls.
         */
        private int onewayPermits = 65535;

        /**
         * Maximum number of concurrent sync and async calls.
         */
        private int asyncPermits = 65535;

        /**
         * Longest time to wait for a connection to be established.
         */
        private Duration connectTimeout = Duration.ofSeconds(3);

        /**
         * Time without reads or writes after which a connection is closed; 0 disables.
         */
        private Duration idleTime = Duration.ofSeconds(120);

        /**
         * Header serialization of requests this client sends.
         */
        private SerializeType serializeType = SerializeType.JSON;

        /**
         * Whether a sync call that times out closes its connection.
         */
        private boolean closeSocketIfTimeout = true;

        /**
         * Largest accepted frame, including its 4-byte length field.
         */
        private DataSize maxFrameLength = DataSize.ofMegabytes(16);

        /**
         * Maximum number of channel events queued for listeners before further ones are dropped and counted.
         */
        private int eventQueueCapacity = 10_000;

        @NestedConfigurationProperty
        private final ClientSslProperties ssl = new ClientSslProperties();

        @NestedConfigurationProperty
        private final ClientAuthProperties auth = new ClientAuthProperties();

        @NestedConfigurationProperty
        private final Socket socket = new Socket();

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public List<String> getNameServers() {
            return this.nameServers;
        }

        public void setNameServers(List<String> nameServers) {
            this.nameServers = nameServers;
        }

        public boolean isUseEpoll() {
            return this.useEpoll;
        }

        public void setUseEpoll(boolean useEpoll) {
            this.useEpoll = useEpoll;
        }

        public boolean isUseWorkerGroup() {
            return this.useWorkerGroup;
        }

        public void setUseWorkerGroup(boolean useWorkerGroup) {
            this.useWorkerGroup = useWorkerGroup;
        }

        public int getWorkerThreads() {
            return this.workerThreads;
        }

        public void setWorkerThreads(int workerThreads) {
            this.workerThreads = workerThreads;
        }

        public int getCallbackThreads() {
            return this.callbackThreads;
        }

        public void setCallbackThreads(int callbackThreads) {
            this.callbackThreads = callbackThreads;
        }

        public int getOnewayPermits() {
            return this.onewayPermits;
        }

        public void setOnewayPermits(int onewayPermits) {
            this.onewayPermits = onewayPermits;
        }

        public int getAsyncPermits() {
            return this.asyncPermits;
        }

        public void setAsyncPermits(int asyncPermits) {
            this.asyncPermits = asyncPermits;
        }

        public Duration getConnectTimeout() {
            return this.connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getIdleTime() {
            return this.idleTime;
        }

        public void setIdleTime(Duration idleTime) {
            this.idleTime = idleTime;
        }

        public SerializeType getSerializeType() {
            return this.serializeType;
        }

        public void setSerializeType(SerializeType serializeType) {
            this.serializeType = serializeType;
        }

        public boolean isCloseSocketIfTimeout() {
            return this.closeSocketIfTimeout;
        }

        public void setCloseSocketIfTimeout(boolean closeSocketIfTimeout) {
            this.closeSocketIfTimeout = closeSocketIfTimeout;
        }

        public DataSize getMaxFrameLength() {
            return this.maxFrameLength;
        }

        public void setMaxFrameLength(DataSize maxFrameLength) {
            this.maxFrameLength = maxFrameLength;
        }

        public int getEventQueueCapacity() {
            return this.eventQueueCapacity;
        }

        public void setEventQueueCapacity(int eventQueueCapacity) {
            this.eventQueueCapacity = eventQueueCapacity;
        }

        public Socket getSocket() {
            return this.socket;
        }

        public ClientSslProperties getSsl() {
            return this.ssl;
        }

        public ClientAuthProperties getAuth() {
            return this.auth;
        }
    }

    /** Socket options of a server or client. */
    public static class Socket {

        /**
         * Listen backlog of the server socket; clients ignore it.
         */
        private int backlog = 1024;

        /**
         * Socket send buffer size; 0 keeps the operating system's default.
         */
        private DataSize sendBufferSize = DataSize.ofBytes(0);

        /**
         * Socket receive buffer size; 0 keeps the operating system's default.
         */
        private DataSize receiveBufferSize = DataSize.ofBytes(0);

        /**
         * Pending outbound bytes below which an unwritable connection becomes writable again; 0 keeps Netty's default.
         */
        private DataSize writeBufferLowWaterMark = DataSize.ofBytes(0);

        /**
         * Pending outbound bytes above which a connection stops being writable and stops being read; 0 keeps Netty's
         * default.
         */
        private DataSize writeBufferHighWaterMark = DataSize.ofBytes(0);

        public int getBacklog() {
            return this.backlog;
        }

        public void setBacklog(int backlog) {
            this.backlog = backlog;
        }

        public DataSize getSendBufferSize() {
            return this.sendBufferSize;
        }

        public void setSendBufferSize(DataSize sendBufferSize) {
            this.sendBufferSize = sendBufferSize;
        }

        public DataSize getReceiveBufferSize() {
            return this.receiveBufferSize;
        }

        public void setReceiveBufferSize(DataSize receiveBufferSize) {
            this.receiveBufferSize = receiveBufferSize;
        }

        public DataSize getWriteBufferLowWaterMark() {
            return this.writeBufferLowWaterMark;
        }

        public void setWriteBufferLowWaterMark(DataSize writeBufferLowWaterMark) {
            this.writeBufferLowWaterMark = writeBufferLowWaterMark;
        }

        public DataSize getWriteBufferHighWaterMark() {
            return this.writeBufferHighWaterMark;
        }

        public void setWriteBufferHighWaterMark(DataSize writeBufferHighWaterMark) {
            this.writeBufferHighWaterMark = writeBufferHighWaterMark;
        }
    }

    /** Settings of one handler executor, under {@code remoting.executors.<name>}. */
    public static class Executor {

        /**
         * Number of threads; defaults to the number of available processors.
         */
        private int threads = Runtime.getRuntime().availableProcessors();

        /**
         * Maximum number of requests waiting for a thread; further requests are answered with SYSTEM_BUSY.
         */
        private int queueCapacity = 10_000;

        /**
         * Prefix of the thread names; defaults to the executor's name followed by a dash.
         */
        private @Nullable String threadNamePrefix;

        public int getThreads() {
            return this.threads;
        }

        public void setThreads(int threads) {
            this.threads = threads;
        }

        public int getQueueCapacity() {
            return this.queueCapacity;
        }

        public void setQueueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
        }

        public @Nullable String getThreadNamePrefix() {
            return this.threadNamePrefix;
        }

        public void setThreadNamePrefix(@Nullable String threadNamePrefix) {
            this.threadNamePrefix = threadNamePrefix;
        }
    }
}
