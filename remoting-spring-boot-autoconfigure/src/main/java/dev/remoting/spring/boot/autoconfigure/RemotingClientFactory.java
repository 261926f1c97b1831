package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.AddressSelector;
import dev.remoting.ChannelEventListener;
import dev.remoting.RPCHook;
import dev.remoting.RemotingInterceptor;
import dev.remoting.netty.NettyClientConfig;
import dev.remoting.netty.NettyRemotingClient;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;

/**
 * Builds clients: the default one of {@code remoting.client} and each named one of {@code remoting.clients}, the
 * one way for all, so that a property means the same under either. What goes into a client, and in which order, is
 * that of {@link RemotingServerFactory}: properties, TLS, the {@link RemotingClientCustomizer} beans (told the
 * client's name), the {@link ChannelEventListener} beans, the {@link RPCHook} beans in order and signing last, then
 * the interceptors: what the {@link RemotingInterceptorFactory} beans make for the client's name, then the
 * {@link RemotingInterceptor} beans. The name servers are set at the end, or, for a client with a service id, the
 * {@link AddressSelector} the {@link ServiceAddressSelectorFactory} bean makes for it.
 */
public final class RemotingClientFactory {

    private final ObjectProvider<RemotingClientCustomizer> customizers;
    private final ObjectProvider<ServiceAddressSelectorFactory> selectors;
    private final SharedBeans shared;

    public RemotingClientFactory(ObjectProvider<RemotingClientCustomizer> customizers,
            ObjectProvider<ChannelEventListener> listeners, ObjectProvider<RPCHook> hooks,
            ObjectProvider<RemotingInterceptorFactory> interceptorFactories,
            ObjectProvider<RemotingInterceptor> interceptors, ObjectProvider<SslBundles> sslBundles,
            ObjectProvider<ServiceAddressSelectorFactory> selectors) {
        this.customizers = customizers;
        this.selectors = selectors;
        this.shared = new SharedBeans(listeners, hooks, interceptorFactories, interceptors, sslBundles);
    }

    /**
     * Builds an unstarted client.
     *
     * @param name {@link RemotingClients#DEFAULT_NAME} for the client of {@code remoting.client}, else its name under
     * {@code remoting.clients}
     */
    public NettyRemotingClient create(String name, ClientProperties properties) {
        NettyClientConfig config = NettyConfigMapper.client(properties);
        ConfigurationPropertyName at = RemotingClients.DEFAULT_NAME.equals(name) ? RemotingProperties.CLIENT
                : RemotingProperties.namedClient(name);
        new RemotingSsl(at.append("ssl"), this.shared.sslBundles()).configureClient(properties.getSsl(), config);
        this.customizers.orderedStream().forEach(customizer -> customizer.customize(name, config));
        NettyRemotingClient client = new NettyRemotingClient(config, this.shared.listener());
        this.shared.registerHooks(client, Optional.empty(), RemotingAuth.client(properties.getAuth()));
        this.shared.registerInterceptors(client, name);
        if (!properties.getNameServers().isEmpty()) {
            client.updateNameServerAddressList(properties.getNameServers());
        }
        String serviceId = properties.getServiceId();
        if (serviceId != null) {
            try {
                client.setAddressSelector(selector(at.append("service-id"), name, serviceId, client));
            } catch (RuntimeException ex) {
                // Not handed out yet: nothing else would release its threads and timer.
                client.shutdown();
                throw ex;
            }
        }
        return client;
    }

    private AddressSelector selector(ConfigurationPropertyName at, String name, String serviceId,
            NettyRemotingClient client) {
        ServiceAddressSelectorFactory factory = this.selectors.getIfAvailable();
        if (factory == null) {
            throw new InvalidConfigurationPropertyValueException(at.toString(), serviceId, "Nothing finds the "
                    + "instances of a service: add dev.remoting:remoting-spring-cloud and a Spring Cloud discovery "
                    + "client, or set name-servers instead");
        }
        return factory.create(name, serviceId, client);
    }
}
