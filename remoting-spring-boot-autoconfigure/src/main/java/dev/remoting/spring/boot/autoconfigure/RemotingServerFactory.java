package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.ChannelEventListener;
import dev.remoting.RPCHook;
import dev.remoting.RemotingInterceptor;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.netty.NettyServerConfig;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;

/**
 * Builds the server of {@code remoting.server}. The auto-configured server comes from here, and an application that
 * wants a second one can ask this bean for it.
 * <p>
 * What goes into a server, in this order, which {@link RemotingClientFactory} follows too:
 * <ol>
 * <li>the properties, onto the core's {@link NettyServerConfig} (what is not set keeps the core's default);</li>
 * <li>TLS from {@code ssl}, onto the config;</li>
 * <li>the {@link RemotingServerCustomizer} beans, in {@link org.springframework.core.Ordered} order: they see, and
 * may change, everything above;</li>
 * <li>the server is created with the {@link ChannelEventListener} beans, in order, as its listener;</li>
 * <li>the hooks: the signature check of {@code auth} first, then the {@link RPCHook} beans in order (on a client,
 * the hook beans in order, then signing), so that the auth hook always sits outermost;</li>
 * <li>the interceptors, which run outside the hooks: what the {@link RemotingInterceptorFactory} beans make, in
 * order (for the server they are told {@link RemotingInterceptorFactory#NO_CLIENT}; the observation of every call
 * comes from one), then the {@link RemotingInterceptor} beans in order.</li>
 * </ol>
 */
public final class RemotingServerFactory {

    private final ObjectProvider<RemotingServerCustomizer> customizers;
    private final SharedBeans shared;

    public RemotingServerFactory(ObjectProvider<RemotingServerCustomizer> customizers,
            ObjectProvider<ChannelEventListener> listeners, ObjectProvider<RPCHook> hooks,
            ObjectProvider<RemotingInterceptorFactory> interceptorFactories,
            ObjectProvider<RemotingInterceptor> interceptors, ObjectProvider<SslBundles> sslBundles) {
        this.customizers = customizers;
        this.shared = new SharedBeans(listeners, hooks, interceptorFactories, interceptors, sslBundles);
    }

    /** Builds an unstarted server from the properties bound under {@code remoting.server}. */
    public NettyRemotingServer create(ServerProperties properties) {
        NettyServerConfig config = NettyConfigMapper.server(properties);
        new RemotingSsl(RemotingProperties.SERVER.append("ssl"), this.shared.sslBundles())
                .configureServer(properties.getSsl(), config);
        this.customizers.orderedStream().forEach(customizer -> customizer.customize(config));
        NettyRemotingServer server = new NettyRemotingServer(config, this.shared.listener());
        this.shared.registerHooks(server, RemotingAuth.server(properties.getAuth()), Optional.empty());
        this.shared.registerInterceptors(server, RemotingInterceptorFactory.NO_CLIENT);
        return server;
    }
}
