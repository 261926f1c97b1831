package dev.remoting.spring.boot.autoconfigure.handler;

import dev.remoting.NettyRequestProcessor;
import dev.remoting.codec.BodyCodec;
import dev.remoting.spring.annotation.RequestCodeHandler;
import dev.remoting.spring.boot.autoconfigure.handler.HandlerWiringException.Problem;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Finds the {@link RequestCodeHandler} handlers of beans: what one bean declares, and the handler beans that are not
 * created at start-up unless asked for.
 */
final class HandlerDiscovery {

    private HandlerDiscovery() {
    }

    /**
     * Returns the handlers the bean declares on its class and on its methods, empty when it declares none.
     *
     * @param codec the codec of typed bodies, asked for only when a handler method has some
     */
    static List<HandlerRegistration> handlersOf(Object bean, String beanName, Supplier<BodyCodec> codec) {
        Objects.requireNonNull(bean, "bean");
        Objects.requireNonNull(beanName, "beanName");
        Objects.requireNonNull(codec, "codec");
        Class<?> type = AopUtils.getTargetClass(bean);
        List<HandlerRegistration> handlers = new ArrayList<>();
        RequestCodeHandler onType = HandlerAnnotations.onClass(type);
        if (onType != null) {
            if (!(bean instanceof NettyRequestProcessor processor)) {
                String handler = "bean '" + beanName + "' (" + type.getSimpleName() + ")";
                throw new HandlerWiringException(Problem.NOT_A_PROCESSOR, handler, "Bean '" + beanName
                        + "' is annotated with @RequestCodeHandler but does not implement NettyRequestProcessor; "
                        + "annotate its methods instead");
            }
            handlers.add(new HandlerRegistration(onType, processor, "bean '" + beanName + "' ("
                    + type.getSimpleName() + ")", beanName, null));
        }
        HandlerAnnotations.onMethods(type).forEach((method, annotation) -> {
            Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
            String description = "method '" + beanName + "#" + method.getName() + "'";
            handlers.add(new HandlerRegistration(annotation, HandlerMethodProcessor.of(bean, invocable,
                    description, codec), description, beanName, method.getName()));
        });
        return handlers;
    }

    /**
     * Creates handler beans that are lazy (one by one, or all of them with spring.main.lazy-initialization), so that
     * they are registered with the others: nothing else would ever ask for them. A handler in another scope would be
     * a different object per request, which a processor table cannot hold, so it fails start-up.
     */
    static void createLazyHandlers(ConfigurableListableBeanFactory factory) {
        Objects.requireNonNull(factory, "factory");
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
                throw new HandlerWiringException(Problem.NOT_A_SINGLETON, "bean '" + name + "'",
                        "Bean '" + name + "' has @RequestCodeHandler but is of scope '"
                        + definition.getScope() + "'; handlers are registered once, so they must be singletons");
            }
            // By type: creates this lazy handler, and any other of its class, which would be created here anyway.
            factory.getBeansOfType(type, false, true);
        }
    }
}
