package dev.remoting.internal.transport;

import dev.remoting.InProcessAddress;
import dev.remoting.netty.NettyClientConfig;
import dev.remoting.netty.NettyServerConfig;
import dev.remoting.netty.NettyTransportConfig;
import dev.remoting.netty.TlsMode;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.internal.PlatformDependent;
import java.util.Objects;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * What the facades check of a configuration before they build anything, so that a setting that cannot work fails
 * the constructor with a message naming it; and the client's TLS context.
 */
public final class ConfigChecks {

    private ConfigChecks() {
    }

    /** Fails if a client with this configuration cannot work. */
    public static void client(NettyClientConfig config) {
        Objects.requireNonNull(config, "config");
        requirePositive(config.getConnectTimeoutMillis(), "connectTimeoutMillis");
        requirePositive(config.getMaxFrameLength(), "maxFrameLength");
        inputLimits(config);
        requirePositive(config.getClientAsyncSemaphoreValue(), "clientAsyncSemaphoreValue");
        requirePositive(config.getClientOnewaySemaphoreValue(), "clientOnewaySemaphoreValue");
        Objects.requireNonNull(config.getSerializeType(), "serializeType");
        SslContext context = config.getSslContext();
        if (context != null && !context.isClient()) {
            throw new IllegalArgumentException("the client's SslContext must be a client context "
                    + "(SslContextBuilder.forClient)");
        }
    }

    /** Fails if a server with this configuration cannot work. */
    public static void server(NettyServerConfig config) {
        Objects.requireNonNull(config, "config");
        requirePositive(config.getServerSelectorThreads(), "serverSelectorThreads");
        requirePositive(config.getMaxFrameLength(), "maxFrameLength");
        inputLimits(config);
        requireNotNegative(config.getHandshakeTimeoutMillis(), "handshakeTimeoutMillis");
        requirePositive(config.getServerAsyncSemaphoreValue(), "serverAsyncSemaphoreValue");
        requirePositive(config.getServerOnewaySemaphoreValue(), "serverOnewaySemaphoreValue");
        Objects.requireNonNull(config.getSerializeType(), "serializeType");
        TlsMode mode = config.getTlsMode();
        if (mode == null) {
            throw new IllegalArgumentException("tlsMode must not be null");
        }
        SslContext context = config.getSslContext();
        if (mode != TlsMode.DISABLED && context == null) {
            throw new IllegalArgumentException(
                    "tlsMode " + mode + " needs an SslContext (NettyServerConfig.setSslContext)");
        }
        if (context != null && !context.isServer()) {
            throw new IllegalArgumentException("the server's SslContext must be a server context "
                    + "(SslContextBuilder.forServer)");
        }
        String inProcessName = config.getInProcessName();
        if (inProcessName != null && !InProcessAddress.isValidName(inProcessName)) {
            throw new IllegalArgumentException("inProcessName must be made of " + InProcessAddress.NAME_RULE
                    + ", was '" + inProcessName + "'");
        }
        if (config.getMaxConnections() < 0) {
            throw new IllegalArgumentException("maxConnections must be 0 (no limit) or more, was "
                    + config.getMaxConnections());
        }
        requirePositive(config.getMaxInFlightRequestsPerConnection(), "maxInFlightRequestsPerConnection");
        requirePositive(config.getPublicExecutorQueueCapacity(), "publicExecutorQueueCapacity");
        if (config.getMaxPendingOutboundBytes() < 0) {
            throw new IllegalArgumentException("maxPendingOutboundBytes must be 0 (no limit) or more, was "
                    + config.getMaxPendingOutboundBytes());
        }
        long budget = config.getInboundBudgetBytes();
        if (budget < 0 || budget > 0 && budget < config.getMaxFrameLength()) {
            throw new IllegalArgumentException("inboundBudgetBytes must be 0 (derived from the direct memory) or at "
                    + "least maxFrameLength (" + config.getMaxFrameLength() + "), was " + budget);
        }
    }

    /**
     * Returns the server's inbound budget: the configured one, else a quarter of the JVM's maximum direct memory and
     * at least one frame of the largest size.
     */
    public static long inboundBudget(NettyServerConfig config) {
        if (config.getInboundBudgetBytes() > 0) {
            return config.getInboundBudgetBytes();
        }
        // Deprecated nowhere, internal to Netty but present on 4.1 and 4.2 alike; it reads io.netty.maxDirectMemory
        // and -XX:MaxDirectMemorySize the way the allocators themselves do.
        long direct = PlatformDependent.maxDirectMemory();
        long base = direct > 0 ? direct : Runtime.getRuntime().maxMemory();
        return Math.max(config.getMaxFrameLength(), base / 4);
    }

    /**
     * Returns the client's SslContext: the configured one, else (with {@code useTLS}) one that trusts the JVM's
     * default trust store; null without TLS.
     */
    public static @Nullable SslContext clientTls(NettyClientConfig config) {
        client(config);
        SslContext context = config.getSslContext();
        if (!config.isUseTLS()) {
            return null;
        }
        if (context != null) {
            return context;
        }
        try {
            // Host-name verification is set on each engine when connecting, not here: the builder's
            // endpointIdentificationAlgorithm() exists only from Netty 4.2 on.
            return SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot create the default TLS client context: " + e.getMessage(), e);
        }
    }

    /** The limits of incoming input that both sides have. */
    private static void inputLimits(NettyTransportConfig<?> config) {
        requireNotNegative(config.getFrameTimeoutMillis(), "frameTimeoutMillis");
        requirePositive(config.getMaxHeaderLength(), "maxHeaderLength");
        requirePositive(config.getMaxExtFields(), "maxExtFields");
    }

    private static void requireNotNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be 0 (no limit) or more, was " + value);
        }
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be greater than 0, was " + value);
        }
    }
}
