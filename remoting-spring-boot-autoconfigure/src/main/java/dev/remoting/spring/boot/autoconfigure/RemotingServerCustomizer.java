package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.netty.NettyServerConfig;

/**
 * Adjusts the auto-configured server's settings after they are taken from {@code remoting.server.*} and before the
 * server is created. Customizers run in {@link org.springframework.core.Ordered} order.
 */
@FunctionalInterface
public interface RemotingServerCustomizer {

    void customize(NettyServerConfig config);
}
