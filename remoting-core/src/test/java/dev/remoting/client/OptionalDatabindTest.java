package dev.remoting.client;

import dev.remoting.annotation.Body;
import dev.remoting.annotation.RemotingExchange;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * jackson-databind is optional in the core: without it, declarative clients still send {@code byte[]} bodies, and a
 * typed body fails with a message saying what to add. The library is loaded again, by a class loader that cannot see
 * databind.
 */
class OptionalDatabindTest {

    /** Public: the copy the other loader defines is in another runtime package than this test. */
    public interface Api {
        @RemotingExchange(code = 1, oneway = true)
        void bytes(@Body byte[] body);

        @RemotingExchange(code = 2, oneway = true)
        void typed(@Body List<String> body);
    }

    @Test
    void withoutDatabindBytesStillGoAndATypedBodySaysWhatToAdd() throws Exception {
        ClassLoader loader = new WithoutDatabind(getClass().getClassLoader());
        Class<?> clientType = loader.loadClass("dev.remoting.RemotingClient");
        List<String> sent = new ArrayList<>();
        Object client = Proxy.newProxyInstance(loader, new Class<?>[] {clientType}, (proxy, method, args) -> {
            sent.add(method.getName());
            return null;
        });
        Class<?> factoryType = loader.loadClass(RemotingClientProxyFactory.class.getName());
        Object builder = factoryType.getMethod("builder", clientType).invoke(null, client);
        Object factory = builder.getClass().getMethod("build").invoke(builder);
        Class<?> apiType = loader.loadClass(Api.class.getName());
        Object api = factoryType.getMethod("createClient", Class.class).invoke(factory, apiType);

        apiType.getMethod("bytes", byte[].class).invoke(api, (Object) new byte[] {1});
        Method typed = apiType.getMethod("typed", List.class);
        Throwable failure = catchThrowable(() -> typed.invoke(api, List.of("a")));

        assertThat(sent).containsExactly("invokeOneway");
        assertThat(failure).isInstanceOf(InvocationTargetException.class);
        assertThat(failure.getCause()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tools.jackson.core:jackson-databind")
                .hasMessageContaining("bodyCodec")
                .hasCauseInstanceOf(NoClassDefFoundError.class);
    }

    /** Loads this library's classes itself, and refuses databind's. */
    private static final class WithoutDatabind extends ClassLoader {

        WithoutDatabind(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("tools.jackson.databind.")) {
                throw new ClassNotFoundException(name + " is hidden by the test");
            }
            if (!name.startsWith("dev.remoting.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded != null) {
                    return loaded;
                }
                try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                    if (in == null) {
                        throw new ClassNotFoundException(name);
                    }
                    byte[] bytes = in.readAllBytes();
                    return defineClass(name, bytes, 0, bytes.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        }
    }
}
