package dev.remoting.spring.boot.autoconfigure.handler;

import dev.remoting.RemotingClient;
import dev.remoting.RemotingServer;
import dev.remoting.netty.NettyRequestProcessor;
import dev.remoting.spring.annotation.RequestCodeHandler;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import dev.remoting.spring.boot.autoconfigure.RemotingExecutors;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Finds {@link RequestCodeHandler} beans and methods as beans are created, then, once every singleton exists, checks
 * that no code has two handlers and registers each handler with the server and/or every client (the default one and
 * the named {@link RemotingClients}: any cluster may call back), on its executor. Registration happens before the
 * servers and clients start (they start in a late lifecycle phase).
 */
public final class RequestCodeHandlerRegistrar implements BeanPostProcessor, SmartInitializingSingleton,
        BeanFactoryAware {

    private final ObjectProvider<RemotingServer> server;
    private final ObjectProvider<RemotingClient> client;
    private final ObjectProvider<RemotingClients> namedClients;
    private final ObjectProvider<RemotingExecutors> executors;
    private final List<HandlerRegistration> found = new ArrayList<>();
    private final List<HandlerRegistration> registered = new ArrayList<>();
    private @Nullable ConfigurableListableBeanFactory beanFactory;
    private volatile boolean registrationDone;

    /**
     * Takes the server, the clients and the executors by type, whatever their bean names, so that a server or client
     * the application defines itself gets the handlers too.
     */
    public RequestCodeHandlerRegistrar(ObjectProvider<RemotingServer> server, ObjectProvider<RemotingClient> client,
            ObjectProvider<RemotingClients> namedClients, ObjectProvider<RemotingExecutors> executors) {
        this.server = Objects.requireNonNull(server, "server");
        this.client = Objects.requireNonNull(client, "client");
        this.namedClients = Objects.requireNonNull(namedClients, "namedClients");
        this.executors = Objects.requireNonNull(executors, "executors");
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory instanceof ConfigurableListableBeanFactory factory ? factory : null;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        Class<?> type = AopUtils.getTargetClass(bean);
        if (this.registrationDone && HandlerAnnotations.isHandler(type)) {
            // Only reachable for a bean that start-up could not see coming; saying so beats never answering.
            throw new IllegalStateException("Bean '" + beanName + "' has @RequestCodeHandler but was created after "
                    + "start-up, when handlers had already been registered; make it a singleton");
        }
        RequestCodeHandler onType = HandlerAnnotations.onClass(type);
        if (onType != null) {
            if (!(bean instanceof NettyRequestProcessor processor)) {
                throw new IllegalStateException("Bean '" + beanName + "' is annotated with @RequestCodeHandler but "
                        + "does not implement NettyRequestProcessor; annotate its methods instead");
            }
            this.found.add(new HandlerRegistration(onType, processor, "bean '" + beanName + "' ("
                    + type.getSimpleName() + ")", beanName, null));
        }
        HandlerAnnotations.onMethods(type).forEach((method, annotation) -> {
            Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
            String description = "method '" + beanName + "#" + method.getName() + "'";
            this.found.add(new HandlerRegistration(annotation, HandlerMethodProcessor.of(bean, invocable,
                    description), description, beanName, method.getName()));
        });
        return bean;
    }

    @Override
    public void afterSingletonsInstantiated() {
        createLazyHandlers();
        checkNoDuplicates();
        RemotingServer server = this.server.getIfAvailable();
        List<RemotingClient> clients = new ArrayList<>();
        this.client.ifAvailable(clients::add);
        this.namedClients.ifAvailable(named -> clients.addAll(named.asMap().values()));
        RemotingExecutors executors = this.executors.getObject();
        for (HandlerRegistration handler : this.found) {
            if (handler.onServer() && server == null) {
                throw new IllegalStateException(handler.description() + " handles server requests, but there is no "
                        + "remoting server (remoting.server.enabled=false?)");
            }
            if (handler.onClient() && clients.isEmpty()) {
                throw new IllegalStateException(handler.description() + " handles client requests, but there is no "
                        + "remoting client (remoting.client.enabled=false and no remoting.clients?)");
            }
            String executorName = handler.annotation().executor();
            ExecutorService executor = executorName.isEmpty() ? executors.dedicated(handler.defaultExecutorName())
                    : executors.named(executorName, handler.description());
            for (int code : handler.annotation().code()) {
                if (handler.onServer()) {
                    server.registerProcessor(code, handler.processor(), executor);
                }
                if (handler.onClient()) {
                    for (RemotingClient client : clients) {
                        client.registerProcessor(code, handler.processor(), executor);
                    }
                }
            }
            this.registered.add(handler.withExecutor(executorName.isEmpty() ? handler.defaultExecutorName()
                    : executorName));
        }
        this.found.clear();
        this.registrationDone = true;
    }

    /**
     * Creates handler beans that are lazy (one by one, or all of them with spring.main.lazy-initialization), so that
     * they are registered with the others: nothing else would ever ask for them. A handler in another scope would be
     * a different object per request, which a processor table cannot hold, so it fails start-up.
     */
    private void createLazyHandlers() {
        ConfigurableListableBeanFactory factory = this.beanFactory;
        if (factory == null) {
            return;
        }
        for (String name : factory.getBeanDefinitionNames()) {
            BeanDefinition definition = factory.getBeanDefinition(name);
            if (definition.isAbstract() || (definition.isSingleton() && !definition.isLazyInit())) {
                continue;
            }
            Class<?> type = factory.getType(name, false);
            if (type == null || !HandlerAnnotations.isHandler(type)) {
                continue;
            }
            if (!definition.isSingleton()) {
                throw new IllegalStateException("Bean '" + name + "' has @RequestCodeHandler but is of scope '"
                        + definition.getScope() + "'; handlers are registered once, so they must be singletons");
            }
            factory.getBean(name);
        }
    }

    /** Returns what was registered, for the actuator endpoint. */
    public List<HandlerRegistration> getRegistrations() {
        return List.copyOf(this.registered);
    }

    private void checkNoDuplicates() {
        Map<String, HandlerRegistration> owners = new LinkedHashMap<>();
        for (HandlerRegistration handler : this.found) {
            if (handler.annotation().code().length == 0) {
                throw new IllegalStateException(handler.description() + " declares no request code");
            }
            for (int code : handler.annotation().code()) {
                for (String side : sides(handler)) {
                    HandlerRegistration previous = owners.putIfAbsent(side + ":" + code, handler);
                    if (previous != null && previous != handler) {
                        throw new IllegalStateException("Request code " + code + " on the " + side
                                + " has two handlers: " + previous.description() + " and " + handler.description());
                    }
                }
            }
        }
    }

    private static List<String> sides(HandlerRegistration handler) {
        List<String> sides = new ArrayList<>(2);
        if (handler.onServer()) {
            sides.add("server");
        }
        if (handler.onClient()) {
            sides.add("client");
        }
        return sides;
    }

    /**
     * One handler: its annotation, the processor it became, and where it came from.
     *
     * @param methodName the annotated method, or null for a processor bean
     * @param executorName the executor it runs on, or null until registered
     */
    public record HandlerRegistration(RequestCodeHandler annotation, NettyRequestProcessor processor,
            String description, String beanName, @Nullable String methodName, @Nullable String executorName) {

        HandlerRegistration(RequestCodeHandler annotation, NettyRequestProcessor processor, String description,
                String beanName, @Nullable String methodName) {
            this(annotation, processor, description, beanName, methodName, null);
        }

        /** Whether it serves requests that clients send to this application's server. */
        boolean onServer() {
            return this.annotation.side() != RequestCodeHandler.Side.CLIENT;
        }

        /** Whether it serves requests that servers send to this application's clients. */
        boolean onClient() {
            return this.annotation.side() != RequestCodeHandler.Side.SERVER;
        }

        String defaultExecutorName() {
            return this.methodName == null ? this.beanName : this.beanName + "." + this.methodName;
        }

        HandlerRegistration withExecutor(String executorName) {
            return new HandlerRegistration(this.annotation, this.processor, this.description, this.beanName,
                    this.methodName, executorName);
        }
    }
}
