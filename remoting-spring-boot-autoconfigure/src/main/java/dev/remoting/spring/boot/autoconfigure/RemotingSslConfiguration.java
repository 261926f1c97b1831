package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.netty.NettyServerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Applies {@code remoting.server.ssl} to the auto-configured server, as a customizer that runs before any of the
 * application's own. Clients take theirs in {@link RemotingClientFactory}, from the properties of the client built.
 */
@Configuration(proxyBeanMethods = false)
class RemotingSslConfiguration {

    @Bean
    RemotingServerCustomizer remotingServerSslCustomizer(RemotingProperties properties,
            ObjectProvider<SslBundles> sslBundles) {
        return new ServerSslCustomizer(properties, sslBundles);
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
}
