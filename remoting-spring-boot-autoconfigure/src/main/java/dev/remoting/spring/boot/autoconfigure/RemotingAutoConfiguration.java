package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.ChannelEventListener;
import dev.remoting.RPCHook;
import dev.remoting.RemotingClient;
import dev.remoting.RemotingServer;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.netty.NettyServerConfig;
import dev.remoting.spring.boot.autoconfigure.handler.RequestCodeHandlerRegistrar;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for a remoting server, a default client and named
 * {@link RemotingClients} from {@code remoting.*}, with
 * {@link dev.remoting.spring.annotation.RequestCodeHandler} handlers, {@link RPCHook} and
 * {@link ChannelEventListener} beans applied, and all started and stopped with the application context.
 */
@AutoConfiguration
@EnableConfigurationProperties(RemotingProperties.class)
@Import(RemotingSslConfiguration.class)
public class RemotingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RemotingExecutors remotingExecutors(RemotingProperties properties) {
        return new RemotingExecutors(properties.getExecutors());
    }

    @Bean
    @ConditionalOnMissingBean
    static RequestCodeHandlerRegistrar requestCodeHandlerRegistrar(ObjectProvider<RemotingServer> server,
            ObjectProvider<RemotingClient> client, ObjectProvider<RemotingClients> namedClients,
            ObjectProvider<RemotingExecutors> executors) {
        return new RequestCodeHandlerRegistrar(server, client, namedClients, executors);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "remoting.server", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class ServerConfiguration {

        @Bean
        @ConditionalOnMissingBean(RemotingServer.class)
        NettyRemotingServer remotingServer(RemotingProperties properties,
                ObjectProvider<RemotingServerCustomizer> customizers, ObjectProvider<ChannelEventListener> listeners,
                ObjectProvider<RPCHook> hooks) {
            Optional<RPCHook> auth = RemotingAuth.server("remoting.server.auth.", properties.getServer().getAuth());
            NettyServerConfig config = NettyConfigs.server(properties.getServer());
            customizers.orderedStream().forEach(customizer -> customizer.customize(config));
            NettyRemotingServer server = new NettyRemotingServer(config,
                    CompositeChannelEventListener.of(listeners.orderedStream().toList()));
            // The signature check runs first, so unauthenticated requests reach no other hook.
            auth.ifPresent(server::registerRPCHook);
            hooks.orderedStream().forEach(server::registerRPCHook);
            return server;
        }

        @Bean
        @ConditionalOnBean(RemotingServer.class)
        @ConditionalOnMissingBean(name = "remotingServerLifecycle")
        RemotingServiceLifecycle remotingServerLifecycle(RemotingServer remotingServer,
                ConfigurableEnvironment environment) {
            return new RemotingServiceLifecycle(remotingServer, RemotingServiceLifecycle.SERVER_PHASE, environment);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "remoting.client", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class ClientConfiguration {

        @Bean
        @ConditionalOnMissingBean(RemotingClient.class)
        NettyRemotingClient remotingClient(RemotingProperties properties,
                ObjectProvider<RemotingClientCustomizer> customizers, ObjectProvider<ChannelEventListener> listeners,
                ObjectProvider<RPCHook> hooks, ObjectProvider<SslBundles> sslBundles) {
            return new RemotingClientFactory(customizers, listeners, hooks, sslBundles)
                    .create(RemotingClients.DEFAULT_NAME, "remoting.client.", properties.getClient());
        }

        @Bean
        @ConditionalOnBean(RemotingClient.class)
        @ConditionalOnMissingBean(name = "remotingClientLifecycle")
        RemotingServiceLifecycle remotingClientLifecycle(RemotingClient remotingClient) {
            return new RemotingServiceLifecycle(remotingClient, RemotingServiceLifecycle.CLIENT_PHASE, null);
        }
    }

    /** Named clients do not depend on remoting.client.enabled: an application may only call named clusters. */
    @Configuration(proxyBeanMethods = false)
    static class NamedClientsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RemotingClients remotingClients(RemotingProperties properties,
                ObjectProvider<RemotingClientCustomizer> customizers, ObjectProvider<ChannelEventListener> listeners,
                ObjectProvider<RPCHook> hooks, ObjectProvider<SslBundles> sslBundles) {
            return RemotingClients.create(properties.getClients(),
                    new RemotingClientFactory(customizers, listeners, hooks, sslBundles));
        }

        @Bean
        @ConditionalOnMissingBean(name = "remotingClientsLifecycle")
        RemotingServiceLifecycle remotingClientsLifecycle(RemotingClients remotingClients) {
            return new RemotingServiceLifecycle(List.copyOf(remotingClients.asMap().values()),
                    RemotingServiceLifecycle.CLIENT_PHASE);
        }
    }
}
