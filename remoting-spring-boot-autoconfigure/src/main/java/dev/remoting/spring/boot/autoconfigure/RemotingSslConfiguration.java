package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.netty.NettyClientConfig;
import dev.remoting.netty.NettyServerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Applies {@code remoting.server.ssl} and {@code remoting.client.ssl} to the auto-configured server and client, as
 * customizers that run before any of the application's own.
 */
@Configuration(proxyBeanMethods = false)
class RemotingSslConfiguration {

    @Bean
    RemotingServerCustomizer remotingServerSslCustomizer(RemotingProperties properties,
            ObjectProvider<SslBundles> sslBundles) {
        return new ServerSslCustomizer(properties, sslBundles);
    }

    @Bean
    RemotingClientCustomizer remotingClientSslCustomizer(RemotingProperties properties,
            ObjectProvider<SslBundles> sslBundles) {
        return new ClientSslCustomizer(properties, sslBundles);
    }

    private record ServerSslCustomizer(RemotingProperties properties, ObjectProvider<SslBundles> sslBundles)
            implements RemotingServerCustomizer, Ordered {

        @Override
        public void customize(NettyServerConfig config) {
            RemotingSsl.configureServer("remoting.server.ssl.", this.properties.getServer().getSsl(),
                    this.sslBundles.getIfAvailable(), config);
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }

    private record ClientSslCustomizer(RemotingProperties properties, ObjectProvider<SslBundles> sslBundles)
            implements RemotingClientCustomizer, Ordered {

        @Override
        public void customize(NettyClientConfig config) {
            RemotingSsl.configureClient("remoting.client.ssl.", this.properties.getClient().getSsl(),
                    this.sslBundles.getIfAvailable(), config);
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}
