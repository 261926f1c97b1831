package dev.remoting.spring.boot.autoconfigure.aot;

import dev.remoting.protocol.CommandCustomHeader;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Objects;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;

/** The reflection hints of one handler class: what handler discovery and the header codec reflect on at run time. */
final class HandlerReflectionHints {

    private HandlerReflectionHints() {
    }

    /**
     * Registers the handler class (handler discovery reads its annotations and lists its methods), each handler method
     * for invocation (it is called reflectively) and every {@link CommandCustomHeader} parameter and return type.
     */
    static void register(ReflectionHints hints, Class<?> handlerClass, Collection<Method> handlerMethods) {
        Objects.requireNonNull(hints, "hints");
        Objects.requireNonNull(handlerClass, "handlerClass");
        Objects.requireNonNull(handlerMethods, "handlerMethods");
        hints.registerType(handlerClass);
        for (Method method : handlerMethods) {
            hints.registerMethod(method, ExecutableMode.INVOKE);
            for (Class<?> parameterType : method.getParameterTypes()) {
                registerIfHeader(hints, parameterType);
            }
            // A CompletableFuture return type is not looked into: the handler adapter accepts only
            // CompletableFuture<RemotingCommand>, never a future header.
            registerIfHeader(hints, method.getReturnType());
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
