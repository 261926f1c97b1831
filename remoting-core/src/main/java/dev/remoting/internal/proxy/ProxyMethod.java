package dev.remoting.internal.proxy;

import org.jspecify.annotations.Nullable;

/** What a proxy does for one of its methods, resolved when the proxy is made. */
interface ProxyMethod {

    @Nullable Object call(Object proxy, @Nullable Object[] args) throws Throwable;
}
