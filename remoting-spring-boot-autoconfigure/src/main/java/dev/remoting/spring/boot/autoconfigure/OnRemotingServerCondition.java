package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.RemotingServer;
import dev.remoting.spring.annotation.RequestCodeHandler;
import dev.remoting.spring.boot.autoconfigure.handler.HandlerAnnotations;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Whether the application gets a remoting server: {@code remoting.server.enabled} decides when set; unset, only an
 * application with something to serve gets one, that is a server-side {@link RequestCodeHandler} bean or a
 * {@link RemotingServer} bean of its own (which the server configuration then starts). A client-only application
 * thus opens no port, as Spring gRPC starts its server only when there are services.
 * <p>
 * It reads bean definitions, never beans: handlers must not be created before the post-processors that register
 * them. It runs when beans are registered, after the application's own configuration classes (component-scanned
 * and {@code @Bean} methods alike) but before auto-configurations that come later, whose handlers it cannot see.
 * Under AOT it runs at build time, as every condition does.
 */
class OnRemotingServerCondition extends SpringBootCondition implements ConfigurationCondition {

    static final String ENABLED = "remoting.server.enabled";

    @Override
    public ConfigurationPhase getConfigurationPhase() {
        return ConfigurationPhase.REGISTER_BEAN;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConditionMessage.Builder message = ConditionMessage.forCondition("RemotingServer");
        Boolean enabled = context.getEnvironment().getProperty(ENABLED, Boolean.class);
        if (enabled != null) {
            return new ConditionOutcome(enabled, message.because(ENABLED + " is " + enabled));
        }
        ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
        String reason = beanFactory == null ? null : somethingToServe(beanFactory);
        return reason != null ? ConditionOutcome.match(message.because(reason))
                : ConditionOutcome.noMatch(message.because(ENABLED + " is not set and no bean handles server "
                        + "requests"));
    }

    private static @Nullable String somethingToServe(ConfigurableListableBeanFactory beanFactory) {
        for (String name : beanFactory.getBeanDefinitionNames()) {
            if (beanFactory.getBeanDefinition(name).isAbstract()) {
                continue;
            }
            Class<?> type;
            try {
                // false: a FactoryBean is not created to learn its type; a @Bean method's return type is read.
                type = beanFactory.getType(name, false);
            } catch (BeansException ex) {
                // Its creation fails later, with a better message than a condition could give.
                continue;
            }
            if (type == null) {
                continue;
            }
            if (RemotingServer.class.isAssignableFrom(type)) {
                return "found RemotingServer bean '" + name + "'";
            }
            if (servesServerRequests(ClassUtils.getUserClass(type))) {
                return "found server-side @RequestCodeHandler bean '" + name + "'";
            }
        }
        return null;
    }

    private static boolean servesServerRequests(Class<?> type) {
        if (!AnnotationUtils.isCandidateClass(type, RequestCodeHandler.class)) {
            return false;
        }
        RequestCodeHandler onClass = HandlerAnnotations.onClass(type);
        if (onClass != null && onClass.side() != RequestCodeHandler.Side.CLIENT) {
            return true;
        }
        return HandlerAnnotations.onMethods(type).values().stream()
                .anyMatch(handler -> handler.side() != RequestCodeHandler.Side.CLIENT);
    }
}
