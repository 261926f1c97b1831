package dev.remoting.internal.proxy;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/** A default method of a declarative client: it runs as written, on the proxy. */
final class DefaultMethod implements ProxyMethod {

    /** {@code (Object proxy, Object[] args) Object}, resolved once. */
    private final MethodHandle handle;

    private DefaultMethod(MethodHandle handle) {
        this.handle = handle;
    }

    static ProxyMethod of(Method method) {
        Class<?> declaring = method.getDeclaringClass();
        MethodHandle special;
        try {
            // A private lookup reaches default methods of interfaces that are not public, which invokeDefault does
            // not: its caller (this package) must be able to see the interface.
            special = MethodHandles.privateLookupIn(declaring, MethodHandles.lookup())
                    .unreflectSpecial(method, declaring);
        } catch (IllegalAccessException | SecurityException e) {
            // A module that exports the interface without opening it to us.
            return (proxy, args) -> InvocationHandler.invokeDefault(proxy, method, args);
        }
        MethodHandle spread = special.asType(special.type().generic())
                .asSpreader(Object[].class, method.getParameterCount());
        return new DefaultMethod(spread);
    }

    @Override
    public @Nullable Object call(Object proxy, @Nullable Object[] args) throws Throwable {
        return (Object) this.handle.invokeExact(proxy, args);
    }
}
