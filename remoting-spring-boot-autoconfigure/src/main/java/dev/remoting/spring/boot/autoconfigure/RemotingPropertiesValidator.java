package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.InProcessAddress;
import dev.remoting.netty.NettyServerConfig;
import dev.remoting.netty.TlsMode;
import io.netty.handler.ssl.ClientAuth;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;

/**
 * The checks {@link RemotingProperties} runs as Spring Boot binds it: every value a server or client that is enabled
 * cannot use is reported, with a message naming the property, and start-up fails before anything is built. Only set
 * values are checked; unset ones take the core's defaults, which are valid. Disabled servers and clients are not
 * checked, so that turning one off never needs its settings fixed first.
 */
final class RemotingPropertiesValidator {

    private static final long MAX_INT = Integer.MAX_VALUE;

    private final Errors errors;

    RemotingPropertiesValidator(Errors errors) {
        this.errors = errors;
    }

    void validate(RemotingProperties properties) {
        if (properties.getServer().isEnabled()) {
            server(RemotingProperties.SERVER, properties.getServer());
        }
        if (properties.getClient().isEnabled()) {
            client(RemotingProperties.CLIENT, properties.getClient());
        }
        properties.getClients().forEach((name, client) -> {
            if (!RemotingClients.isValidName(name)) {
                this.errors.reject("remoting.invalid", "Property " + RemotingProperties.CLIENTS + "[" + name
                        + "] is invalid: " + RemotingClients.nameRule());
            } else if (client.isEnabled()) {
                client(RemotingProperties.namedClient(name), client);
            }
        });
        properties.getExecutors().forEach((name, executor) -> {
            ConfigurationPropertyName at = ConfigurationPropertyName.of("remoting.executors").append(name);
            atLeast(at.append("threads"), executor.getThreads(), 1);
            atLeast(at.append("queue-capacity"), executor.getQueueCapacity(), 1);
            String prefix = executor.getThreadNamePrefix();
            if (prefix != null && prefix.isBlank()) {
                reject(at.append("thread-name-prefix"), prefix, "must not be blank");
            }
        });
    }

    private void server(ConfigurationPropertyName at, ServerProperties server) {
        transport(at, server);
        range(at.append("port"), server.getPort(), 0, 65535);
        String inProcessName = server.getInProcessName();
        if (inProcessName != null && !InProcessAddress.isValidName(inProcessName)) {
            reject(at.append("in-process-name"), inProcessName, "must be made of " + InProcessAddress.NAME_RULE);
        }
        atLeast(at.append("selector-threads"), server.getSelectorThreads(), 1);
        seconds(at.append("shutdown-grace-period"), server.getShutdownGracePeriod());
        millis(at.append("handshake-timeout"), server.getHandshakeTimeout());
        atLeast(at.append("max-connections"), server.getMaxConnections(), 0);
        atLeast(at.append("max-in-flight-requests"), server.getMaxInFlightRequests(), 1);
        atLeast(at.append("public-executor-queue-capacity"), server.getPublicExecutorQueueCapacity(), 1);
        DataSize outbound = server.getMaxPendingOutbound();
        if (outbound != null && outbound.isNegative()) {
            reject(at.append("max-pending-outbound"), outbound, "must be zero or positive");
        }
        inboundBudget(at, server);
        atLeast(at.append("socket.backlog"), server.getSocket().getBacklog(), 1);
        serverSsl(at.append("ssl"), server.getSsl());
        serverAuth(at.append("auth"), server.getAuth());
    }

    /** The budget, when set to other than 0, must hold at least one frame of the largest size. */
    private void inboundBudget(ConfigurationPropertyName at, ServerProperties server) {
        DataSize budget = server.getInboundBudget();
        if (budget == null) {
            return;
        }
        if (budget.isNegative()) {
            reject(at.append("inbound-budget"), budget, "must be zero or positive");
            return;
        }
        DataSize frame = server.getMaxFrameLength();
        long frameBytes = frame != null ? frame.toBytes() : new NettyServerConfig().getMaxFrameLength();
        if (budget.toBytes() > 0 && budget.toBytes() < frameBytes) {
            reject(at.append("inbound-budget"), budget, "must be 0 or at least max-frame-length (" + frameBytes
                    + "B)");
        }
    }

    private void client(ConfigurationPropertyName at, ClientProperties client) {
        transport(at, client);
        Duration connect = client.getConnectTimeout();
        if (connect != null && (connect.toMillis() < 1 || connect.toMillis() > MAX_INT)) {
            reject(at.append("connect-timeout"), connect, "must be at least 1ms");
        }
        Duration timeout = client.getDefaultTimeout();
        if (timeout != null && timeout.toMillis() < 1) {
            reject(at.append("default-timeout"), timeout, "must be at least 1ms");
        }
        for (String address : client.getNameServers()) {
            if (InProcessAddress.isInProcess(address)) {
                if (!InProcessAddress.isValidName(address.substring(InProcessAddress.SCHEME.length()))) {
                    reject(at.append("name-servers"), address, "an in-process address is local:<name>, the name "
                            + "made of " + InProcessAddress.NAME_RULE);
                }
                continue;
            }
            int colon = address.lastIndexOf(':');
            if (colon <= 0 || !address.substring(colon + 1).matches("\\d{1,5}")) {
                reject(at.append("name-servers"), address, "each address must be host:port or local:<name>");
            }
        }
        String serviceId = client.getServiceId();
        if (serviceId != null && serviceId.isBlank()) {
            reject(at.append("service-id"), serviceId, "must not be blank");
        }
        if (serviceId != null && !client.getNameServers().isEmpty()) {
            reject(at.append("service-id"), serviceId, "cannot be combined with " + at.append("name-servers")
                    + ": calls with no address go to the service's instances or to name servers, not both");
        }
        if (client.getSsl().isEnabled()) {
            clientSsl(at.append("ssl"), client.getSsl());
        }
        clientAuth(at.append("auth"), client.getAuth());
    }

    /** The settings every side has. */
    private void transport(ConfigurationPropertyName at, TransportProperties transport) {
        atLeast(at.append("worker-threads"), transport.getWorkerThreads(), 1);
        atLeast(at.append("callback-threads"), transport.getCallbackThreads(), 1);
        atLeast(at.append("oneway-permits"), transport.getOnewayPermits(), 1);
        atLeast(at.append("async-permits"), transport.getAsyncPermits(), 1);
        atLeast(at.append("event-queue-capacity"), transport.getEventQueueCapacity(), 1);
        seconds(at.append("idle-time"), transport.getIdleTime());
        DataSize frame = transport.getMaxFrameLength();
        if (frame != null && bytes(at.append("max-frame-length"), frame) && frame.toBytes() < 64) {
            reject(at.append("max-frame-length"), frame, "must be at least 64B");
        }
        millis(at.append("frame-timeout"), transport.getFrameTimeout());
        DataSize header = transport.getMaxHeaderLength();
        if (header != null && bytes(at.append("max-header-length"), header) && header.toBytes() < 64) {
            reject(at.append("max-header-length"), header, "must be at least 64B");
        }
        atLeast(at.append("max-ext-fields"), transport.getMaxExtFields(), 1);
        SocketProperties socket = transport.getSocket();
        bytes(at.append("socket.send-buffer-size"), socket.getSendBufferSize());
        bytes(at.append("socket.receive-buffer-size"), socket.getReceiveBufferSize());
        DataSize low = socket.getWriteBufferLowWaterMark();
        DataSize high = socket.getWriteBufferHighWaterMark();
        boolean valid = bytes(at.append("socket.write-buffer-low-water-mark"), low)
                & bytes(at.append("socket.write-buffer-high-water-mark"), high);
        if (valid && low != null && high != null && low.toBytes() > 0 && high.toBytes() > 0
                && low.toBytes() > high.toBytes()) {
            reject(at.append("socket.write-buffer-low-water-mark"), low,
                    "must not exceed write-buffer-high-water-mark (" + high.toBytes() + "B)");
        }
    }

    private void serverSsl(ConfigurationPropertyName at, ServerSslProperties ssl) {
        boolean pem = keySources(at, ssl, true);
        boolean hasKey = StringUtils.hasText(ssl.getBundle()) || pem;
        TlsMode mode = ssl.getMode() != null ? ssl.getMode() : hasKey ? TlsMode.ENFORCING : TlsMode.DISABLED;
        ClientAuth clientAuth = ssl.getClientAuth() != null ? ssl.getClientAuth() : ClientAuth.NONE;
        if (mode == TlsMode.DISABLED) {
            if (clientAuth != ClientAuth.NONE) {
                reject(at.append("client-auth"), clientAuth, "has no effect while " + at.append("mode")
                        + " is disabled");
            }
        } else if (!hasKey) {
            reject(at.append("mode"), mode, "needs a certificate: set " + at.append("certificate") + " and "
                    + at.append("certificate-private-key") + ", or " + at.append("bundle"));
        } else if (clientAuth != ClientAuth.NONE && !StringUtils.hasText(ssl.getBundle())
                && !StringUtils.hasText(ssl.getTrustCertificate())) {
            reject(at.append("trust-certificate"), null, "must be set when " + at.append("client-auth") + " is "
                    + clientAuth.name().toLowerCase() + ": client certificates must chain up to it");
        }
    }

    private void clientSsl(ConfigurationPropertyName at, ClientSslProperties ssl) {
        keySources(at, ssl, false);
        if (ssl.isTrustAll() && StringUtils.hasText(ssl.getTrustCertificate())) {
            reject(at.append("trust-all"), true, "cannot be combined with " + at.append("trust-certificate"));
        }
    }

    /**
     * Checks that key material comes from one source and that a PEM certificate comes with its key; returns whether
     * a PEM certificate is configured. A client may name a bundle and still trust certificates of its own.
     */
    private boolean keySources(ConfigurationPropertyName at, SslProperties ssl, boolean trustConflictsWithBundle) {
        boolean hasCertificate = StringUtils.hasText(ssl.getCertificate());
        boolean hasKey = StringUtils.hasText(ssl.getCertificatePrivateKey());
        boolean hasTrust = trustConflictsWithBundle && StringUtils.hasText(ssl.getTrustCertificate());
        if (StringUtils.hasText(ssl.getBundle()) && (hasCertificate || hasKey || hasTrust)) {
            reject(at.append("bundle"), ssl.getBundle(), "cannot be combined with " + at.append("certificate")
                    + ", certificate-private-key or trust-certificate");
        }
        if (hasCertificate && !hasKey) {
            reject(at.append("certificate-private-key"), null, "must be set together with "
                    + at.append("certificate"));
        }
        if (hasKey && !hasCertificate) {
            reject(at.append("certificate"), null, "must be set together with " + at.append("certificate-private-key"));
        }
        return hasCertificate && hasKey;
    }

    private void serverAuth(ConfigurationPropertyName at, ServerAuthProperties auth) {
        if (!auth.isEnabled()) {
            return;
        }
        Map<String, String> keys = auth.getAccessKeys();
        if (keys.isEmpty()) {
            reject(at.append("access-keys"), null, "at least one access key (access-keys.<access key>=<secret key>)"
                    + " is needed when " + at.append("enabled") + " is true");
        }
        keys.forEach((accessKey, secretKey) -> {
            if (secretKey == null || secretKey.isBlank()) {
                this.errors.reject("remoting.invalid", "Property " + at.append("access-keys") + "[" + accessKey
                        + "] is invalid: the secret key must not be empty");
            }
        });
        Duration skew = auth.getMaxClockSkew();
        if (skew == null || skew.isNegative() || skew.isZero()) {
            reject(at.append("max-clock-skew"), skew, "must be positive");
        }
    }

    /** Never puts a key in the message: only which one is missing. */
    private void clientAuth(ConfigurationPropertyName at, ClientAuthProperties auth) {
        boolean hasAccessKey = StringUtils.hasText(auth.getAccessKey());
        boolean hasSecretKey = StringUtils.hasText(auth.getSecretKey());
        if (hasAccessKey != hasSecretKey) {
            ConfigurationPropertyName missing = at.append(hasAccessKey ? "secret-key" : "access-key");
            ConfigurationPropertyName set = at.append(hasAccessKey ? "access-key" : "secret-key");
            this.errors.reject("remoting.invalid", "Property " + missing + " must be set when " + set + " is");
        }
    }

    private void range(ConfigurationPropertyName name, @Nullable Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            reject(name, value, "must be between " + min + " and " + max);
        }
    }

    private void atLeast(ConfigurationPropertyName name, @Nullable Integer value, int min) {
        if (value != null && value < min) {
            reject(name, value, "must be at least " + min);
        }
    }

    private void seconds(ConfigurationPropertyName name, @Nullable Duration value) {
        if (value != null && (value.isNegative() || value.getSeconds() >= MAX_INT)) {
            reject(name, value, "must be zero or positive");
        }
    }

    /** A budget in whole milliseconds (rounded up) that must fit an int; 0 disables it. */
    private void millis(ConfigurationPropertyName name, @Nullable Duration value) {
        if (value != null && (value.isNegative() || value.compareTo(Duration.ofMillis(MAX_INT - 1)) > 0)) {
            reject(name, value, "must be zero or positive, and at most " + (MAX_INT - 1) + "ms");
        }
    }

    /** Returns whether the size, when set, fits a socket option. */
    private boolean bytes(ConfigurationPropertyName name, @Nullable DataSize value) {
        if (value != null && (value.isNegative() || value.toBytes() > MAX_INT)) {
            reject(name, value, "must be between 0 and 2GB");
            return false;
        }
        return true;
    }

    private void reject(ConfigurationPropertyName name, @Nullable Object value, String reason) {
        this.errors.reject("remoting.invalid", "Property " + name + (value != null ? " with value '" + value + "'"
                : "") + " is invalid: " + reason);
    }
}
