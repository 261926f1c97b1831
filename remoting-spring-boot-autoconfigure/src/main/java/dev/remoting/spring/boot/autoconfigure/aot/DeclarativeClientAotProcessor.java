package dev.remoting.spring.boot.autoconfigure.aot;

import dev.remoting.annotation.Body;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.spring.boot.autoconfigure.client.DeclarativeClientFactoryBean;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.config.ConstructorArgumentValues.ValueHolder;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.ResolvableType;

/**
 * Contributes, for each declarative client bean of {@link dev.remoting.spring.annotation.ImportRemotingClients}, what
 * its proxy needs at run time: the JDK proxy of the interface, its methods (the proxy reads their annotations and
 * generic types), the headers it sends and decodes, and data binding for its typed bodies.
 */
final class DeclarativeClientAotProcessor implements BeanRegistrationAotProcessor {

    private final BindingReflectionHintsRegistrar bindingHints = new BindingReflectionHintsRegistrar();

    @Override
    public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
        if (registeredBean.getBeanClass() != DeclarativeClientFactoryBean.class) {
            return null;
        }
        ValueHolder type = registeredBean.getMergedBeanDefinition().getConstructorArgumentValues()
                .getIndexedArgumentValue(0, Class.class);
        if (type == null || !(type.getValue() instanceof Class<?> api) || !api.isInterface()) {
            return null;
        }
        return (generationContext, beanRegistrationCode) -> register(generationContext.getRuntimeHints(), api);
    }

    private void register(RuntimeHints hints, Class<?> api) {
        hints.proxies().registerJdkProxy(api);
        registerWithSuperinterfaces(hints, api);
        for (Method method : api.getMethods()) {
            if (Modifier.isAbstract(method.getModifiers())) {
                registerTypes(hints, method);
            }
        }
    }

    /** The proxy lists and calls (default methods) the methods an interface inherits as well as its own. */
    private static void registerWithSuperinterfaces(RuntimeHints hints, Class<?> type) {
        hints.reflection().registerType(type, MemberCategory.INVOKE_PUBLIC_METHODS);
        for (Class<?> inherited : type.getInterfaces()) {
            registerWithSuperinterfaces(hints, inherited);
        }
    }

    private void registerTypes(RuntimeHints hints, Method method) {
        for (Parameter parameter : method.getParameters()) {
            if (parameter.isAnnotationPresent(Body.class)) {
                registerBody(hints, parameter.getParameterizedType());
            } else {
                HandlerReflectionHints.registerIfHeader(hints.reflection(), parameter.getType());
            }
        }
        ResolvableType result = ResolvableType.forMethodReturnType(method);
        if (CompletableFuture.class.isAssignableFrom(result.toClass())) {
            result = result.as(CompletableFuture.class).getGeneric(0);
        }
        Class<?> resultClass = result.toClass();
        if (CommandCustomHeader.class.isAssignableFrom(resultClass)) {
            HandlerReflectionHints.registerIfHeader(hints.reflection(), resultClass);
        } else if (resultClass != void.class && resultClass != Void.class && resultClass != RemotingCommand.class) {
            registerBody(hints, result.getType());
        }
    }

    /** Bytes go as they are; anything else is written and read by the body codec, Jackson by default. */
    private void registerBody(RuntimeHints hints, Type type) {
        Class<?> raw = ResolvableType.forType(type).toClass();
        if (raw != byte[].class && !ByteBuffer.class.isAssignableFrom(raw) && raw != Object.class) {
            this.bindingHints.registerReflectionHints(hints.reflection(), type);
        }
    }
}
