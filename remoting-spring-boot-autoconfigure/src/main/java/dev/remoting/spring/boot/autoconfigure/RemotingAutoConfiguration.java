package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.ChannelEventListener;
import dev.remoting.RPCHook;
import dev.remoting.RemotingClient;
import dev.remoting.RemotingInterceptor;
import dev.remoting.RemotingServer;
import dev.remoting.codec.BodyCodec;
import dev.remoting.codec.JacksonBodyCodec;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.spring.boot.autoconfigure.handler.RequestCodeHandlerRegistrar;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for a remoting server, a default client and named
 * {@link RemotingClients} from {@code remoting.*}, in three parts, the same for server and clients:
 * <ul>
 * <li>building: {@link RemotingServerFactory} and {@link RemotingClientFactory} apply the properties, TLS, auth,
 * customizers, {@link ChannelEventListener}, {@link RPCHook}, {@link RemotingInterceptorFactory} and
 * {@link RemotingInterceptor} beans, in the order their javadoc gives;</li>
 * <li>handlers: {@link RequestCodeHandlerRegistrar} finds {@link dev.remoting.spring.annotation.RequestCodeHandler}
 * beans and registers them with whatever server and clients exist;</li>
 * <li>lifecycle: a {@link RemotingServiceLifecycle} starts and stops each with the application context.</li>
 * </ul>
 * Every bean backs off, by type, from one the application defines.
 */
@AutoConfiguration
@EnableConfigurationProperties(RemotingProperties.class)
public class RemotingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RemotingExecutors remotingExecutors(RemotingProperties properties) {
        return new RemotingExecutors(properties.getExecutors());
    }

    /**
     * The codec of typed bodies, for handlers and declarative clients alike. It is not built from Boot's
     * {@code JsonMapper}: what an application configures for its HTTP JSON (naming, dates) must not change the
     * bytes a RocketMQ peer reads.
     */
    @Bean
    @ConditionalOnMissingBean
    BodyCodec remotingBodyCodec() {
        return new JacksonBodyCodec();
    }

    @Bean
    @ConditionalOnMissingBean
    static RequestCodeHandlerRegistrar requestCodeHandlerRegistrar(ObjectProvider<RemotingServer> server,
            ObjectProvider<RemotingClient> client, ObjectProvider<RemotingClients> namedClients,
            ObjectProvider<RemotingExecutors> executors, ObjectProvider<BodyCodec> bodyCodec) {
        return new RequestCodeHandlerRegistrar(server, client, namedClients, executors, bodyCodec);
    }

    /**
     * Only when there is something to serve, or {@code remoting.server.enabled=true} says so: a client-only
     * application opens no port.
     */
    @Configuration(proxyBeanMethods = false)
    @Conditional(OnRemotingServerCondition.class)
    static class ServerConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RemotingServerFactory remotingServerFactory(ObjectProvider<RemotingServerCustomizer> customizers,
                ObjectProvider<ChannelEventListener> listeners, ObjectProvider<RPCHook> hooks,
                ObjectProvider<RemotingInterceptorFactory> interceptorFactories,
                ObjectProvider<RemotingInterceptor> interceptors, ObjectProvider<SslBundles> sslBundles) {
            return new RemotingServerFactory(customizers, listeners, hooks, interceptorFactories, interceptors,
                    sslBundles);
        }

        @Bean
        @ConditionalOnMissingBean(RemotingServer.class)
        NettyRemotingServer remotingServer(RemotingServerFactory factory, RemotingProperties properties) {
            return factory.create(properties.getServer());
        }

        @Bean
        @ConditionalOnBean(RemotingServer.class)
        @ConditionalOnMissingBean
        RemotingServiceLifecycle.Server remotingServerLifecycle(RemotingServer remotingServer,
                ConfigurableEnvironment environment) {
            return new RemotingServiceLifecycle.Server(remotingServer, environment);
        }
    }

    /** The factory serves the default client and the named ones, which do not depend on remoting.client.enabled. */
    @Configuration(proxyBeanMethods = false)
    static class ClientFactoryConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RemotingClientFactory remotingClientFactory(ObjectProvider<RemotingClientCustomizer> customizers,
                ObjectProvider<ChannelEventListener> listeners, ObjectProvider<RPCHook> hooks,
                ObjectProvider<RemotingInterceptorFactory> interceptorFactories,
                ObjectProvider<RemotingInterceptor> interceptors, ObjectProvider<SslBundles> sslBundles,
                ObjectProvider<ServiceAddressSelectorFactory> selectors) {
            return new RemotingClientFactory(customizers, listeners, hooks, interceptorFactories, interceptors,
                    sslBundles, selectors);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "remoting.client.enabled", matchIfMissing = true)
    static class ClientConfiguration {

        @Bean
        @ConditionalOnMissingBean(RemotingClient.class)
        NettyRemotingClient remotingClient(RemotingClientFactory factory, RemotingProperties properties) {
            return factory.create(RemotingClients.DEFAULT_NAME, properties.getClient());
        }

        @Bean
        @ConditionalOnBean(RemotingClient.class)
        @ConditionalOnMissingBean
        RemotingServiceLifecycle.Client remotingClientLifecycle(RemotingClient remotingClient) {
            return new RemotingServiceLifecycle.Client(remotingClient);
        }
    }

    /** Named clients do not depend on remoting.client.enabled: an application may only call named clusters. */
    @Configuration(proxyBeanMethods = false)
    static class NamedClientsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RemotingClients remotingClients(RemotingClientFactory factory, RemotingProperties properties) {
            return RemotingClients.create(properties.getClients(), factory);
        }

        @Bean
        @ConditionalOnMissingBean
        RemotingServiceLifecycle.NamedClients remotingClientsLifecycle(RemotingClients remotingClients) {
            return new RemotingServiceLifecycle.NamedClients(remotingClients);
        }
    }
}
