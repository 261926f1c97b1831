package dev.remoting.netty;

import dev.remoting.RemotingClient;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link RemotingClient} in front of a real one that records the address and timeout of every call, so tests can
 * see what a declarative client chose. Addresses given a route go to the route's address instead, so a name that
 * only an annotation knows still reaches a loopback server; with a failure set, calls throw it without sending.
 */
final class RecordingClient implements InvocationHandler {

    record Call(String method, String addr, long timeoutMillis) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final RemotingClient target;
    private final Map<String, String> routes = new HashMap<>();
    private volatile Throwable failure;

    private RecordingClient(RemotingClient target) {
        this.target = target;
    }

    static RecordingClient of(RemotingClient target) {
        return new RecordingClient(target);
    }

    RecordingClient route(String from, String to) {
        routes.put(from, to);
        return this;
    }

    void failWith(Throwable failure) {
        this.failure = failure;
    }

    RemotingClient client() {
        return (RemotingClient) Proxy.newProxyInstance(RemotingClient.class.getClassLoader(),
                new Class<?>[] {RemotingClient.class}, this);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().startsWith("invoke")) {
            String addr = (String) args[0];
            calls.add(new Call(method.getName(), addr, (Long) args[2]));
            if (failure != null) {
                throw failure;
            }
            args[0] = routes.getOrDefault(addr, addr);
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
