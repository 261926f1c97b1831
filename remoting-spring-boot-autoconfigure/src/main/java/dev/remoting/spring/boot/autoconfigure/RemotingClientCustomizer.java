package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.netty.NettyClientConfig;

/**
 * Adjusts an auto-configured client's settings after they are taken from the properties and before the client is
 * created. Customizers run in {@link org.springframework.core.Ordered} order, for the default client and for each
 * named one of {@link RemotingClients}.
 */
@FunctionalInterface
public interface RemotingClientCustomizer {

    void customize(NettyClientConfig config);
}
