package dev.remoting.spring.boot.autoconfigure.aot;

import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.spring.boot.autoconfigure.handler.HandlerBodyTypes;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Objects;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.core.ResolvableType;

/**
 * The reflection hints of one handler class: what handler discovery, the header codec and the body codec reflect on
 * at run time.
 */
final class HandlerReflectionHints {

    private HandlerReflectionHints() {
    }

    /**
     * Registers the handler class (handler discovery reads its annotations and lists its methods), each handler method
     * for invocation (it is called reflectively), every {@link CommandCustomHeader} parameter and result type (a
     * future's too), and binding hints for every typed body the codec reads or writes ({@link HandlerBodyTypes}).
     */
    static void register(ReflectionHints hints, Class<?> handlerClass, Collection<Method> handlerMethods) {
        Objects.requireNonNull(hints, "hints");
        Objects.requireNonNull(handlerClass, "handlerClass");
        Objects.requireNonNull(handlerMethods, "handlerMethods");
        hints.registerType(handlerClass);
        BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();
        for (Method method : handlerMethods) {
            hints.registerMethod(method, ExecutableMode.INVOKE);
            for (Class<?> parameterType : method.getParameterTypes()) {
                registerIfHeader(hints, parameterType);
            }
            Type result = HandlerBodyTypes.resultType(method, handlerClass);
            if (result != null) {
                registerIfHeader(hints, ResolvableType.forType(result).toClass());
            }
            // The default codec is Jackson: it reads and writes bodies through their properties.
            for (Type body : HandlerBodyTypes.of(method, handlerClass)) {
                bindings.registerReflectionHints(hints, body);
            }
        }
    }

    /**
     * A header class is instantiated through its no-argument constructor and read and written field by field, its
     * superclasses' fields included (remoting-core's CustomHeaderCodec), whatever the fields' visibility.
     */
    static void registerIfHeader(ReflectionHints hints, Class<?> type) {
        if (!CommandCustomHeader.class.isAssignableFrom(type)) {
            return;
        }
        for (Class<?> current = type; current != null && current != Object.class;
                current = current.getSuperclass()) {
            hints.registerType(current, MemberCategory.ACCESS_DECLARED_FIELDS);
        }
        try {
            hints.registerConstructor(type.getDeclaredConstructor(), ExecutableMode.INVOKE);
        } catch (NoSuchMethodException ex) {
            // The codec reports the missing constructor when a request arrives; a hint cannot help it.
        }
    }
}
