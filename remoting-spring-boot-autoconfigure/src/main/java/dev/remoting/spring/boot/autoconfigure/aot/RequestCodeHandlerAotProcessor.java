package dev.remoting.spring.boot.autoconfigure.aot;

import dev.remoting.spring.boot.autoconfigure.handler.HandlerAnnotations;
import java.lang.reflect.Method;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;

/**
 * Contributes, for each {@link dev.remoting.spring.annotation.RequestCodeHandler} bean, the
 * reflection its registration and its requests need at run time (see {@link HandlerReflectionHints}). It looks at
 * the bean class as the bean definition declares it, so a handler behind a factory method must be declared with its
 * own type, as for every other annotation Spring processes ahead of time.
 */
final class RequestCodeHandlerAotProcessor implements BeanRegistrationAotProcessor {

    @Override
    public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
        Class<?> beanClass = registeredBean.getBeanClass();
        Set<Method> methods = HandlerAnnotations.onMethods(beanClass).keySet();
        if (HandlerAnnotations.onClass(beanClass) == null && methods.isEmpty()) {
            return null;
        }
        return (generationContext, beanRegistrationCode) -> HandlerReflectionHints.register(
                generationContext.getRuntimeHints().reflection(), beanClass, methods);
    }
}
