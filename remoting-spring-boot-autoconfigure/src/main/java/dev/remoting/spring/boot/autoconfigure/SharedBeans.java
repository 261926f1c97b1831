package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.ChannelEventListener;
import dev.remoting.RPCHook;
import dev.remoting.RemotingInterceptor;
import dev.remoting.RemotingService;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;

/**
 * The beans that every server and client the factories build gets alike: {@link ChannelEventListener}s,
 * {@link RPCHook}s, {@link RemotingInterceptor}s (and those {@link RemotingInterceptorFactory} beans make for it) and
 * the {@link SslBundles} its TLS settings may name.
 */
final class SharedBeans {

    private final ObjectProvider<ChannelEventListener> listeners;
    private final ObjectProvider<RPCHook> hooks;
    private final ObjectProvider<RemotingInterceptorFactory> interceptorFactories;
    private final ObjectProvider<RemotingInterceptor> interceptors;
    private final ObjectProvider<SslBundles> sslBundles;

    SharedBeans(ObjectProvider<ChannelEventListener> listeners, ObjectProvider<RPCHook> hooks,
            ObjectProvider<RemotingInterceptorFactory> interceptorFactories,
            ObjectProvider<RemotingInterceptor> interceptors, ObjectProvider<SslBundles> sslBundles) {
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        this.interceptorFactories = Objects.requireNonNull(interceptorFactories, "interceptorFactories");
        this.interceptors = Objects.requireNonNull(interceptors, "interceptors");
        this.sslBundles = Objects.requireNonNull(sslBundles, "sslBundles");
    }

    /** Every listener bean, in order, as one listener; null for none, so that no event thread starts for nothing. */
    @Nullable ChannelEventListener listener() {
        return CompositeChannelEventListener.of(this.listeners.orderedStream().toList());
    }

    @Nullable SslBundles sslBundles() {
        return this.sslBundles.getIfAvailable();
    }

    /**
     * Registers the auth hook around the hook beans: a server's signature check before them, so that an
     * unauthenticated request reaches no other hook, and a client's signing after them, so that it covers whatever
     * they added.
     */
    void registerHooks(RemotingService service, Optional<RPCHook> check, Optional<RPCHook> signing) {
        check.ifPresent(service::registerRPCHook);
        this.hooks.orderedStream().forEach(service::registerRPCHook);
        signing.ifPresent(service::registerRPCHook);
    }

    /**
     * Registers what the interceptor factories make for this server or client, then the interceptor beans, each in
     * order: the factories' interceptors (observation among them) begin first, so that the context they make current
     * is there for the others.
     *
     * @param clientName what the factories are told, see {@link RemotingInterceptorFactory#create}
     */
    void registerInterceptors(RemotingService service, String clientName) {
        this.interceptorFactories.orderedStream()
                .forEach(factory -> service.registerInterceptor(factory.create(clientName)));
        this.interceptors.orderedStream().forEach(service::registerInterceptor);
    }
}
