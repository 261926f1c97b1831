package dev.remoting.internal.proxy;

import dev.remoting.annotation.RemotingExchange;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The handler behind every declarative client proxy: a call finds its method's precomputed {@link ProxyMethod} and
 * runs it. Exchange methods, default methods and {@code equals}, {@code hashCode} and {@code toString} are all
 * resolved when the proxy is made; the last three never make a remote call.
 */
public final class ExchangeInvocationHandler implements InvocationHandler {

    private static final Object[] NO_ARGS = {};

    private final Map<Method, ProxyMethod> methods;

    private ExchangeInvocationHandler(Map<Method, ProxyMethod> methods) {
        this.methods = methods;
    }

    /**
     * Checks the interface and returns its proxy.
     *
     * @throws IllegalArgumentException when the type is not an interface or one of its methods cannot be called; the
     *     message names the method, what is wrong and what is supported
     */
    public static <T> T newProxy(Class<T> type, ProxyDefaults defaults) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaults, "defaults");
        if (!type.isInterface() || type.isAnnotation()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface: declarative clients are "
                    + "interfaces whose methods carry @" + RemotingExchange.class.getSimpleName());
        }
        ExchangeMethodParser.interfaceDefaults(type);
        Map<Method, ProxyMethod> methods = new HashMap<>();
        for (Method method : type.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || isObjectMethod(method)) {
                continue;
            }
            methods.put(method, method.isDefault() ? DefaultMethod.of(method)
                    : ExchangeMethodParser.parse(type, method, defaults));
        }
        String description = "RemotingClient proxy for " + type.getSimpleName();
        try {
            methods.put(Object.class.getMethod("equals", Object.class), (proxy, args) -> proxy == args[0]);
            methods.put(Object.class.getMethod("hashCode"), (proxy, args) -> System.identityHashCode(proxy));
            methods.put(Object.class.getMethod("toString"), (proxy, args) -> description);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("java.lang.Object without its methods", e);
        }
        InvocationHandler handler = new ExchangeInvocationHandler(Map.copyOf(methods));
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /** An interface may redeclare these; the proxy answers them as Object's, never remotely. */
    private static boolean isObjectMethod(Method method) {
        return switch (method.getName()) {
            case "equals" -> method.getParameterCount() == 1 && method.getParameterTypes()[0] == Object.class;
            case "hashCode", "toString" -> method.getParameterCount() == 0;
            default -> false;
        };
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args) throws Throwable {
        ProxyMethod target = this.methods.get(method);
        if (target == null) {
            throw new IllegalStateException("not a method of the proxied interface: " + method);
        }
        return target.call(proxy, args == null ? NO_ARGS : args);
    }
}
