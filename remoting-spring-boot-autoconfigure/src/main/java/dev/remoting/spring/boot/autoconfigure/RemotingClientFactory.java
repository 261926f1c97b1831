package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.ChannelEventListener;
import dev.remoting.RPCHook;
import dev.remoting.netty.NettyClientConfig;
import dev.remoting.netty.NettyRemotingClient;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;

/**
 * Builds a client from its properties, the one way for the default client and the named ones, so that a property
 * means the same under {@code remoting.client} and {@code remoting.clients.<name>}.
 */
final class RemotingClientFactory {

    private final ObjectProvider<RemotingClientCustomizer> customizers;
    private final ObjectProvider<ChannelEventListener> listeners;
    private final ObjectProvider<RPCHook> hooks;
    private final ObjectProvider<SslBundles> sslBundles;

    RemotingClientFactory(ObjectProvider<RemotingClientCustomizer> customizers,
            ObjectProvider<ChannelEventListener> listeners, ObjectProvider<RPCHook> hooks,
            ObjectProvider<SslBundles> sslBundles) {
        this.customizers = customizers;
        this.listeners = listeners;
        this.hooks = hooks;
        this.sslBundles = sslBundles;
    }

    /**
     * @param name the client's name, {@link RemotingClients#DEFAULT_NAME} for the one of {@code remoting.client}
     * @param prefix the client's property prefix, e.g. "remoting.client." or "remoting.clients.audit."
     */
    NettyRemotingClient create(String name, String prefix, RemotingProperties.Client properties) {
        Optional<RPCHook> signing = RemotingAuth.client(prefix + "auth.", properties.getAuth());
        NettyClientConfig config = NettyConfigs.client(prefix, properties);
        // TLS comes from the client's own properties, and before the customizers, so that they may still adjust it.
        RemotingSsl.configureClient(prefix + "ssl.", properties.getSsl(), this.sslBundles.getIfAvailable(), config);
        this.customizers.orderedStream().forEach(customizer -> customizer.customize(name, config));
        NettyRemotingClient client = new NettyRemotingClient(config,
                CompositeChannelEventListener.of(this.listeners.orderedStream().toList()));
        this.hooks.orderedStream().forEach(client::registerRPCHook);
        // Signing runs last, so it covers whatever the other hooks added.
        signing.ifPresent(client::registerRPCHook);
        if (!properties.getNameServers().isEmpty()) {
            client.updateNameServerAddressList(properties.getNameServers());
        }
        return client;
    }
}
