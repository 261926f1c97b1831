package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.RemotingInterceptor;
import org.jspecify.annotations.Nullable;

/**
 * Makes the {@link RemotingInterceptor} of one auto-configured server or client, for interceptors that must know
 * which one they serve (to tag what they record with it, say). {@link RemotingServerFactory} and
 * {@link RemotingClientFactory} ask every bean of this type, in {@link org.springframework.core.Ordered} order, and
 * register what they make before the plain {@link RemotingInterceptor} beans, which every server and client gets
 * as they are.
 */
@FunctionalInterface
public interface RemotingInterceptorFactory {

    /**
     * The {@code clientName} the server's interceptors are made with, as no client name can be the server's; the same
     * as the {@code client} tag of the server's meters.
     */
    String NO_CLIENT = "none";

    /**
     * Makes the interceptor of one server or client.
     *
     * @param clientName {@link RemotingClients#DEFAULT_NAME} for the client of {@code remoting.client}, the name under
     *        {@code remoting.clients} for a named client, and {@link #NO_CLIENT} for the server of
     *        {@code remoting.server}
     * @return the interceptor, or {@code null} for none
     */
    @Nullable RemotingInterceptor create(String clientName);
}
