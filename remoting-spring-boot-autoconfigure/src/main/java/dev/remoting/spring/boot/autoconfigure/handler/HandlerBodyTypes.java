package dev.remoting.spring.boot.autoconfigure.handler;

import dev.remoting.annotation.Body;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.core.GenericTypeResolver;
import org.springframework.core.ResolvableType;

/**
 * Which of a handler method's parameters and results are typed bodies, for the {@link dev.remoting.codec.BodyCodec}.
 * The handler adapter at run time and the AOT processor at build time both ask here, so that the reflection hints
 * cover exactly the types the codec will read and write.
 */
public final class HandlerBodyTypes {

    private HandlerBodyTypes() {
    }

    /** Whether bodies of the type go as they are, without a codec. */
    static boolean isRaw(Class<?> type) {
        return type == byte[].class || type == ByteBuffer.class;
    }

    /**
     * Returns the type of what the method answers with: its return type, or for a {@code CompletableFuture} the type
     * it completes with; {@code null} for a future whose type argument is missing, a wildcard or a type variable.
     */
    public static @Nullable Type resultType(Method method, Class<?> handlerClass) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(handlerClass, "handlerClass");
        Type returned = GenericTypeResolver.resolveType(method.getGenericReturnType(), handlerClass);
        if (!CompletableFuture.class.isAssignableFrom(method.getReturnType())) {
            return returned;
        }
        Type value = ResolvableType.forType(returned).as(CompletableFuture.class).getGeneric(0).getType();
        return value instanceof Class<?> || value instanceof ParameterizedType ? value : null;
    }

    /** Whether a result of the type is a body the codec encodes, rather than void, a command, a header or bytes. */
    static boolean isEncodedResult(Type type) {
        Class<?> raw = ResolvableType.forType(type).toClass();
        return raw != void.class && raw != Void.class && !RemotingCommand.class.isAssignableFrom(raw)
                && !CommandCustomHeader.class.isAssignableFrom(raw) && !isRaw(raw);
    }

    /** Whether the parameter is a {@link Body @Body} that the codec decodes. */
    static boolean isDecodedParameter(Method method, int index) {
        return method.getParameters()[index].isAnnotationPresent(Body.class)
                && !isRaw(method.getParameterTypes()[index]);
    }

    /** Returns the types the codec reads and writes for the method: its decoded parameters and its encoded result. */
    public static List<Type> of(Method method, Class<?> handlerClass) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(handlerClass, "handlerClass");
        List<Type> types = new ArrayList<>();
        for (int i = 0; i < method.getParameterCount(); i++) {
            if (isDecodedParameter(method, i)) {
                types.add(GenericTypeResolver.resolveType(method.getGenericParameterTypes()[i], handlerClass));
            }
        }
        Type result = resultType(method, handlerClass);
        if (result != null && isEncodedResult(result)) {
            types.add(result);
        }
        return types;
    }
}
