package dev.remoting.internal.proxy;

import dev.remoting.annotation.Address;
import dev.remoting.annotation.Body;
import dev.remoting.annotation.RemotingExchange;
import dev.remoting.annotation.RemotingExchange.Serialize;
import dev.remoting.internal.proxy.ExchangeMethod.Mode;
import dev.remoting.internal.proxy.RequestTemplate.BodyKind;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.SerializeType;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Checks one method of a declarative client and resolves everything its calls need. Whatever the proxy could not
 * call fails here, once, with a message that names the method, says what is wrong and what is supported.
 */
final class ExchangeMethodParser {

    private static final String PARAMETERS = "supported: one CommandCustomHeader, one @Body parameter (byte[], "
            + "ByteBuffer or an object for the BodyCodec) and one @Address String, each optional";
    private static final String RETURNS = "supported: void, RemotingCommand, a CommandCustomHeader class, byte[], "
            + "ByteBuffer, any other object type (the body, decoded by the BodyCodec), or a CompletableFuture of one "
            + "of these (CompletableFuture<Void> for nothing)";

    private final Method method;
    private final String name;
    private final ProxyDefaults defaults;

    private ExchangeMethodParser(Method method, ProxyDefaults defaults) {
        this.method = method;
        this.name = nameOf(method);
        this.defaults = defaults;
    }

    /**
     * Parses an abstract method of the proxied interface.
     *
     * @throws IllegalArgumentException naming the method when the proxy cannot call it
     */
    static ExchangeMethod parse(Class<?> type, Method method, ProxyDefaults defaults) {
        return new ExchangeMethodParser(method, defaults).parse(type);
    }

    /**
     * Returns an interface's own {@code @RemotingExchange}, which may set defaults only.
     *
     * @throws IllegalArgumentException when it sets a code or oneway, which belong to methods
     */
    static @Nullable RemotingExchange interfaceDefaults(Class<?> type) {
        RemotingExchange exchange = type.getAnnotation(RemotingExchange.class);
        if (exchange != null && (exchange.code() != -1 || exchange.oneway())) {
            throw new IllegalArgumentException(type.getSimpleName() + ": @RemotingExchange on an interface sets "
                    + "defaults (address, timeoutMillis, serializeType) only; code and oneway belong on each method");
        }
        return exchange;
    }

    /** {@code NameServerApi.getRoute(String)}: how messages name a method. */
    static String nameOf(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName()
                + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
                        .collect(Collectors.joining(", ", "(", ")"));
    }

    private ExchangeMethod parse(Class<?> type) {
        RemotingExchange exchange = this.method.getAnnotation(RemotingExchange.class);
        if (exchange == null) {
            throw fail("an abstract method needs @RemotingExchange with the request code to send; default methods "
                    + "are called as they are");
        }
        if (exchange.code() < 0) {
            throw fail("@RemotingExchange needs a request code >= 0, was " + exchange.code());
        }
        RemotingExchange declaring = interfaceDefaults(this.method.getDeclaringClass());
        RemotingExchange shared = declaring != null ? declaring : interfaceDefaults(type);
        long timeoutMillis = exchange.timeoutMillis() > 0 ? exchange.timeoutMillis()
                : shared != null && shared.timeoutMillis() > 0 ? shared.timeoutMillis() : this.defaults.timeoutMillis();
        String address = !exchange.address().isEmpty() ? exchange.address()
                : shared != null && !shared.address().isEmpty() ? shared.address() : this.defaults.address();
        Serialize serialize = exchange.serializeType() != Serialize.DEFAULT || shared == null
                ? exchange.serializeType() : shared.serializeType();
        RequestTemplate template = template(exchange.code(), address, serializeType(serialize));
        Mode mode;
        ResponseMapper mapper;
        if (exchange.oneway()) {
            if (this.method.getReturnType() != void.class) {
                throw fail("a oneway method gets no response, so it must return void, not "
                        + this.method.getGenericReturnType().getTypeName());
            }
            mode = Mode.ONEWAY;
            mapper = ResponseMapper.of(ResponseMapper.Kind.VOID);
        } else if (this.method.getReturnType() == CompletableFuture.class) {
            mode = Mode.ASYNC;
            mapper = mapper(futureResult(this.method.getGenericReturnType()));
        } else {
            mode = Mode.SYNC;
            mapper = mapper(this.method.getGenericReturnType());
        }
        return new ExchangeMethod(this.name, this.defaults.client(), template, timeoutMillis, mode, mapper,
                this.method.getExceptionTypes());
    }

    private RequestTemplate template(int code, @Nullable String address, @Nullable SerializeType serializeType) {
        Class<?>[] types = this.method.getParameterTypes();
        Annotation[][] annotations = this.method.getParameterAnnotations();
        int header = RequestTemplate.ABSENT;
        int body = RequestTemplate.ABSENT;
        int addressIndex = RequestTemplate.ABSENT;
        BodyKind bodyKind = BodyKind.CODEC;
        for (int i = 0; i < types.length; i++) {
            Class<?> type = types[i];
            boolean isBody = has(annotations[i], Body.class);
            boolean isAddress = has(annotations[i], Address.class);
            String what = "parameter " + (i + 1) + " (" + type.getSimpleName() + ")";
            if (isBody && isAddress) {
                throw fail(what + " is marked both @Body and @Address; " + PARAMETERS);
            } else if (isAddress) {
                if (type != String.class) {
                    throw fail(what + " is marked @Address, which must be a String (host:port)");
                }
                addressIndex = only(addressIndex, i, "@Address parameter");
            } else if (isBody) {
                if (type.isPrimitive()) {
                    throw fail(what + " is a @Body of primitive type; " + PARAMETERS);
                }
                body = only(body, i, "@Body parameter");
                bodyKind = type == byte[].class ? BodyKind.BYTES
                        : ByteBuffer.class.isAssignableFrom(type) ? BodyKind.BUFFER : BodyKind.CODEC;
            } else if (CommandCustomHeader.class.isAssignableFrom(type)) {
                header = only(header, i, "CommandCustomHeader parameter");
            } else {
                throw fail(what + " is neither a CommandCustomHeader nor marked @Body or @Address; " + PARAMETERS);
            }
        }
        return new RequestTemplate(code, header, body, bodyKind, this.defaults.codec(), addressIndex, address,
                serializeType);
    }

    private int only(int previous, int index, String what) {
        if (previous != RequestTemplate.ABSENT) {
            throw fail("more than one " + what + " (" + (previous + 1) + " and " + (index + 1) + "); " + PARAMETERS);
        }
        return index;
    }

    private Type futureResult(Type returnType) {
        if (!(returnType instanceof ParameterizedType future)) {
            throw fail("returns a raw CompletableFuture; say what it completes with, CompletableFuture<Void> for "
                    + "nothing; " + RETURNS);
        }
        Type result = future.getActualTypeArguments()[0];
        if (result instanceof WildcardType || result instanceof TypeVariable) {
            throw fail("returns " + returnType.getTypeName() + ", whose result type is not known; " + RETURNS);
        }
        return result;
    }

    private ResponseMapper mapper(Type result) {
        Class<?> raw = result instanceof Class<?> c ? c
                : result instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c ? c : null;
        if (raw == void.class || raw == Void.class) {
            return ResponseMapper.of(ResponseMapper.Kind.VOID);
        } else if (raw == RemotingCommand.class) {
            return ResponseMapper.of(ResponseMapper.Kind.COMMAND);
        } else if (raw == byte[].class) {
            return ResponseMapper.of(ResponseMapper.Kind.BYTES);
        } else if (raw == ByteBuffer.class) {
            return ResponseMapper.of(ResponseMapper.Kind.BUFFER);
        } else if (raw != null && CommandCustomHeader.class.isAssignableFrom(raw)) {
            if (raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) {
                throw fail("returns " + raw.getSimpleName() + ", which cannot be made to decode the response's "
                        + "header into; return a concrete CommandCustomHeader class");
            }
            return ResponseMapper.header(raw.asSubclass(CommandCustomHeader.class));
        } else if (raw != null && raw.isPrimitive()) {
            throw fail("returns " + raw + ", which cannot be null when the response has no body; return its wrapper "
                    + "type; " + RETURNS);
        } else if (raw != null && (Future.class.isAssignableFrom(raw) || CompletionStage.class.isAssignableFrom(raw))) {
            throw fail("returns " + result.getTypeName() + "; asynchronous methods return a CompletableFuture of "
                    + "their result; " + RETURNS);
        } else if (result instanceof TypeVariable || result instanceof WildcardType) {
            throw fail("returns " + result.getTypeName() + ", whose type is not known; " + RETURNS);
        }
        return ResponseMapper.body(result, this.defaults.codec());
    }

    private static @Nullable SerializeType serializeType(Serialize serialize) {
        return switch (serialize) {
            case DEFAULT -> null;
            case JSON -> SerializeType.JSON;
            case ROCKETMQ -> SerializeType.ROCKETMQ;
        };
    }

    private static boolean has(Annotation[] annotations, Class<? extends Annotation> type) {
        for (Annotation annotation : annotations) {
            if (annotation.annotationType() == type) {
                return true;
            }
        }
        return false;
    }

    private IllegalArgumentException fail(String problem) {
        return new IllegalArgumentException(this.name + ": " + problem);
    }
}
