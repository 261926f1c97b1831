package dev.remoting.spring.boot.autoconfigure.handler;

import dev.remoting.RemotingClient;
import dev.remoting.RemotingServer;
import dev.remoting.codec.BodyCodec;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import dev.remoting.spring.boot.autoconfigure.RemotingExecutors;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Where Spring hands over: collects {@link dev.remoting.spring.annotation.RequestCodeHandler} handlers as beans are
 * created ({@link HandlerDiscovery}), then, once every singleton exists, creates the lazy ones, checks them against
 * each other ({@link HandlerRegistry}) and registers them with the server and clients ({@link HandlerInstaller}).
 * Registration happens before the servers and clients start (they start in a late lifecycle phase).
 */
public final class RequestCodeHandlerRegistrar implements BeanPostProcessor, SmartInitializingSingleton,
        BeanFactoryAware {

    private final ObjectProvider<RemotingServer> server;
    private final ObjectProvider<RemotingClient> client;
    private final ObjectProvider<RemotingClients> namedClients;
    private final ObjectProvider<RemotingExecutors> executors;
    private final ObjectProvider<BodyCodec> codec;
    private final HandlerRegistry registry = new HandlerRegistry();
    private @Nullable ConfigurableListableBeanFactory beanFactory;

    /**
     * Takes the server, the clients, the executors and the codec by type, whatever their bean names, so that a server,
     * client or codec the application defines itself is the one handlers use. A registrar is a post-processor, made
     * before other beans: it asks for them only once a handler needs them.
     */
    public RequestCodeHandlerRegistrar(ObjectProvider<RemotingServer> server, ObjectProvider<RemotingClient> client,
            ObjectProvider<RemotingClients> namedClients, ObjectProvider<RemotingExecutors> executors,
            ObjectProvider<BodyCodec> codec) {
        this.server = Objects.requireNonNull(server, "server");
        this.client = Objects.requireNonNull(client, "client");
        this.namedClients = Objects.requireNonNull(namedClients, "namedClients");
        this.executors = Objects.requireNonNull(executors, "executors");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory instanceof ConfigurableListableBeanFactory factory ? factory : null;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        if (this.registry.isComplete() && HandlerAnnotations.isHandler(AopUtils.getTargetClass(bean))) {
            // Only reachable for a bean that start-up could not see coming; saying so beats never answering.
            throw new IllegalStateException("Bean '" + beanName + "' has @RequestCodeHandler but was created after "
                    + "start-up, when handlers had already been registered; make it a singleton");
        }
        this.registry.addAll(HandlerDiscovery.handlersOf(bean, beanName, this.codec::getObject));
        return bean;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (this.beanFactory != null) {
            HandlerDiscovery.createLazyHandlers(this.beanFactory);
        }
        List<HandlerRegistration> handlers = this.registry.checkedHandlers();
        // Asked for only when a handler needs them: an application with two servers (or clients) and no handler for
        // them starts, and one with handlers is told which beans are ambiguous instead of getting an arbitrary one.
        RemotingServer server = handlers.stream().anyMatch(HandlerRegistration::onServer)
                ? this.server.getIfAvailable() : null;
        List<RemotingClient> clients = handlers.stream().anyMatch(HandlerRegistration::onClient) ? clients()
                : List.of();
        HandlerInstaller installer = new HandlerInstaller(server, clients, this.executors.getObject());
        this.registry.registered(handlers.stream().map(installer::install).toList());
    }

    /** The default client and the named ones: any cluster may call back. */
    private List<RemotingClient> clients() {
        List<RemotingClient> clients = new ArrayList<>();
        this.client.ifAvailable(clients::add);
        this.namedClients.ifAvailable(named -> clients.addAll(named.asMap().values()));
        return clients;
    }

    /** Returns what was registered, for the actuator endpoint. */
    public List<HandlerRegistration> getRegistrations() {
        return this.registry.registrations();
    }
}
