package dev.remoting.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of the remoting server, clients and handler executors. A complete example:
 *
 * <pre>
 * remoting:
 *   server:
 *     enabled: true               # unset: only when a bean handles server requests
 *     port: 10911                 # 0 picks a free port, published as local.remoting.server.port
 *     bind-address: 0.0.0.0
 *     in-process-name:            # set: bound in-process (no port) for clients in this JVM given local:NAME
 *     selector-threads: 3
 *     use-worker-group: false     # true: a codec thread group of worker-threads, as in RocketMQ
 *     worker-threads: 8
 *     callback-threads: 4
 *     oneway-permits: 256
 *     async-permits: 64
 *     idle-time: 120s             # without a whole command read or written
 *     max-frame-length: 16MB
 *     frame-timeout: 30s          # a frame's first byte to its last
 *     handshake-timeout: 10s      # the first byte to the end of the PROXY header and TLS handshake
 *     max-header-length: 256KB
 *     max-ext-fields: 1024
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
 *     default-timeout: 3s         # calls of declarative clients (@ImportRemotingClients) that name no timeout
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
 *     audit:                      # the name: lower-case letters, digits and '-'; not "default"
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
 * A setting that is not set takes the default of the core's {@link dev.remoting.netty.NettyServerConfig} or
 * {@link dev.remoting.netty.NettyClientConfig}; the values above are examples. Values are checked when they are
 * bound, as Spring Boot applies this class's {@link Validator} (see {@link RemotingPropertiesValidator}): a value
 * that cannot work fails start-up with a message that names the property.
 */
@ConfigurationProperties(prefix = "remoting")
public class RemotingProperties implements Validator {

    /** Where the server's settings are bound, for messages about values only the running server can find wrong. */
    static final ConfigurationPropertyName SERVER = ConfigurationPropertyName.of("remoting.server");

    /** Where the default client's settings are bound. */
    static final ConfigurationPropertyName CLIENT = ConfigurationPropertyName.of("remoting.client");

    /** Where the named clients' settings are bound, each under its name. */
    static final ConfigurationPropertyName CLIENTS = ConfigurationPropertyName.of("remoting.clients");

    @NestedConfigurationProperty
    private final ServerProperties server = new ServerProperties();

    @NestedConfigurationProperty
    private final ClientProperties client = new ClientProperties();

    /**
     * Named clients, each taking the properties of remoting.client, for calling further clusters.
     */
    private final Map<String, ClientProperties> clients = new LinkedHashMap<>();

    /**
     * Named executors for request handlers.
     */
    private final Map<String, ExecutorProperties> executors = new LinkedHashMap<>();

    public ServerProperties getServer() {
        return this.server;
    }

    public ClientProperties getClient() {
        return this.client;
    }

    public Map<String, ClientProperties> getClients() {
        return this.clients;
    }

    public Map<String, ExecutorProperties> getExecutors() {
        return this.executors;
    }

    /** Where the settings of the named client are bound. */
    static ConfigurationPropertyName namedClient(String name) {
        return CLIENTS.append(name);
    }

    @Override
    public boolean supports(Class<?> type) {
        return RemotingProperties.class == type;
    }

    @Override
    public void validate(Object target, Errors errors) {
        new RemotingPropertiesValidator(errors).validate((RemotingProperties) target);
    }
}
