package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.netty.NettyClientConfig;

/**
 * Adjusts an auto-configured client's settings after they are taken from the properties and before the client is
 * created. Customizers run in {@link org.springframework.core.Ordered} order, for the default client and for each
 * named one of {@link RemotingClients}; override {@link #customize(String, NettyClientConfig)} to tell them apart.
 */
@FunctionalInterface
public interface RemotingClientCustomizer {

    /** Adjusts the settings of every auto-configured client. */
    void customize(NettyClientConfig config);

    /**
     * Adjusts the settings of one client: {@link RemotingClients#DEFAULT_NAME} for {@code remoting.client}, else the
     * name under {@code remoting.clients}. By default the same for every client.
     */
    default void customize(String clientName, NettyClientConfig config) {
        customize(config);
    }
}
