package dev.remoting.client;

import dev.remoting.RemotingClient;
import dev.remoting.codec.BodyCodec;
import dev.remoting.codec.JacksonBodyCodec;
import dev.remoting.internal.proxy.DefaultBodyCodec;
import dev.remoting.internal.proxy.ExchangeInvocationHandler;
import dev.remoting.internal.proxy.ProxyDefaults;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Turns declarative client interfaces ({@link dev.remoting.annotation.RemotingExchange}, which describes the method
 * shapes) into proxies that call through one {@link RemotingClient}. Each interface is checked once, in
 * {@link #createClient}: a method the proxy cannot call fails there with a message naming it, not on first use, and
 * everything reflective is resolved then, so that a call only builds one request and makes one client call.
 * Thread-safe; the proxies too.
 *
 * <p>Where a call goes: the method's {@link dev.remoting.annotation.Address @Address} argument (a {@code null} one
 * means the client's name servers), else the method's annotation, the interface's, the factory's
 * {@linkplain Builder#defaultAddress default address}, and else the client's name servers. Its timeout: the method's
 * annotation, the interface's, the factory's {@linkplain Builder#defaultTimeout default}.
 *
 * <p>Default methods of the interface run as written, on the proxy; {@code equals} is identity, {@code hashCode}
 * the identity hash and {@code toString} names the interface, none of them a remote call.
 *
 * <pre>{@code
 * RemotingClientProxyFactory factory = RemotingClientProxyFactory.builder(client)
 *         .defaultAddress("127.0.0.1:9876").defaultTimeout(Duration.ofSeconds(3)).build();
 * NameServerApi api = factory.createClient(NameServerApi.class);
 * }</pre>
 */
public final class RemotingClientProxyFactory {

    /** Used when neither the method, the interface nor the factory names a timeout: RocketMQ's usual 3 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    private final ProxyDefaults defaults;

    private RemotingClientProxyFactory(Builder builder) {
        this.defaults = new ProxyDefaults(builder.client,
                builder.bodyCodec != null ? builder.bodyCodec : DefaultBodyCodec.INSTANCE,
                Math.max(1, builder.defaultTimeout.toMillis()), builder.defaultAddress);
    }

    /** Starts a factory over this client. */
    public static Builder builder(RemotingClient client) {
        return new Builder(client);
    }

    /**
     * Checks the interface and returns a proxy of it. Each call makes a new proxy; proxies share the client and the
     * codec.
     *
     * @throws IllegalArgumentException when the type is not an interface or one of its methods cannot be called; the
     *     message names the method and what is wrong
     */
    public <T> T createClient(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return ExchangeInvocationHandler.newProxy(type, this.defaults);
    }

    /** Sets up a {@link RemotingClientProxyFactory}. */
    public static final class Builder {

        private final RemotingClient client;
        private @Nullable BodyCodec bodyCodec;
        private Duration defaultTimeout = DEFAULT_TIMEOUT;
        private @Nullable String defaultAddress;

        private Builder(RemotingClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /**
         * Sets the codec of typed bodies. By default a {@link JacksonBodyCodec}, made on the first typed body:
         * jackson-databind is optional in the core, so without it {@code byte[]} and {@code ByteBuffer} bodies still
         * work and a typed body fails with an {@code IllegalStateException} saying to add it or to set a codec here.
         */
        public Builder bodyCodec(BodyCodec bodyCodec) {
            this.bodyCodec = Objects.requireNonNull(bodyCodec, "bodyCodec");
            return this;
        }

        /** Sets the timeout of methods whose annotations name none; 3 s by default. */
        public Builder defaultTimeout(Duration defaultTimeout) {
            Objects.requireNonNull(defaultTimeout, "defaultTimeout");
            if (defaultTimeout.isZero() || defaultTimeout.isNegative()) {
                throw new IllegalArgumentException("defaultTimeout must be positive, was " + defaultTimeout);
            }
            this.defaultTimeout = defaultTimeout;
            return this;
        }

        /**
         * Sets the address of methods whose annotations and arguments name none; {@code null} (the default) means the
         * client's name servers.
         */
        public Builder defaultAddress(@Nullable String defaultAddress) {
            this.defaultAddress = defaultAddress;
            return this;
        }

        public RemotingClientProxyFactory build() {
            return new RemotingClientProxyFactory(this);
        }
    }
}
