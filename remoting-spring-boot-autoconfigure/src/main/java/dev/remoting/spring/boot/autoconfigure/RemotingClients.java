package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.netty.NettyRemotingClient;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;

/**
 * The named clients of {@code remoting.clients.<name>}, for an application that calls several clusters. Each is
 * built like the default client of {@code remoting.client}, with the same customizers, hooks and listeners, and
 * starts and stops with it.
 * <p>
 * The named clients are not beans of their own, so that a {@link dev.remoting.RemotingClient} injected by type is
 * still the default one:
 *
 * <pre>
 * AuditPublisher(RemotingClients clients) {
 *     this.audit = clients.get("audit");
 * }
 * </pre>
 */
public final class RemotingClients implements DisposableBean {

    /**
     * What a name may contain: it becomes a meter tag and part of property and executor names. Lower case and no
     * '_' or '.', because Boot binds map keys from environment variables in lower case with '_' read as '.', and
     * would otherwise make "Audit" and "audit" (or "audit_eu" and "audit") two clients.
     */
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");

    /** The meter tag and endpoint name of the default client, which no named one may take. */
    public static final String DEFAULT_NAME = "default";

    private final Map<String, NettyRemotingClient> clients;

    /**
     * Takes over the given clients: they start and stop with the application context.
     *
     * @param clients the clients by name, in the order to start them
     */
    public RemotingClients(Map<String, NettyRemotingClient> clients) {
        Objects.requireNonNull(clients, "clients");
        Map<String, NettyRemotingClient> copy = new LinkedHashMap<>();
        clients.forEach((name, client) -> {
            if (!isValidName(name)) {
                throw new IllegalArgumentException("Invalid client name '" + name + "': " + nameRule());
            }
            copy.put(name, Objects.requireNonNull(client, name));
        });
        this.clients = Collections.unmodifiableMap(copy);
    }

    /**
     * Builds the enabled clients of {@code remoting.clients}, whose names and values were checked when they were
     * bound; when one cannot be built, those built before it are shut down.
     */
    static RemotingClients create(Map<String, ClientProperties> properties, RemotingClientFactory factory) {
        Map<String, NettyRemotingClient> clients = new LinkedHashMap<>();
        try {
            properties.forEach((name, client) -> {
                if (client.isEnabled()) {
                    clients.put(name, factory.create(name, client));
                }
            });
        } catch (RuntimeException ex) {
            // No bean owns the clients built so far yet, so nothing else would release their executors.
            clients.values().forEach(NettyRemotingClient::shutdown);
            throw ex;
        }
        return new RemotingClients(clients);
    }

    static boolean isValidName(@Nullable String name) {
        return name != null && NAME.matcher(name).matches() && !DEFAULT_NAME.equals(name);
    }

    static String nameRule() {
        return "a client name is made of lower-case letters, digits and '-', and '" + DEFAULT_NAME
                + "' is the client of remoting.client";
    }

    /**
     * Returns the name of a client's public executor in meters and in {@code /actuator/remoting}:
     * {@code remoting.client.public} for the default client, {@code remoting.clients.<name>.public} for a named one.
     */
    public static String publicExecutorName(String name) {
        return DEFAULT_NAME.equals(name) ? "remoting.client.public" : "remoting.clients." + name + ".public";
    }

    /**
     * Returns the client of {@code remoting.clients.<name>}.
     *
     * @throws IllegalArgumentException naming the known clients when there is none of that name
     */
    public NettyRemotingClient get(String name) {
        Objects.requireNonNull(name, "name");
        NettyRemotingClient client = this.clients.get(name);
        if (client == null) {
            throw new IllegalArgumentException("No remoting client named '" + name + "'; remoting.clients has "
                    + this.clients.keySet());
        }
        return client;
    }

    /** Returns every client by name, in declaration order. */
    public Map<String, NettyRemotingClient> asMap() {
        return this.clients;
    }

    /** Releases clients that never started, when start-up fails; stopping twice does no harm. */
    @Override
    public void destroy() {
        this.clients.values().forEach(NettyRemotingClient::shutdown);
    }
}
