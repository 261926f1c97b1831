package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.RemotingClient;
import dev.remoting.RemotingServer;
import dev.remoting.RemotingService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Starts a server or client (or several, such as the named clients) once every bean is ready and stops them on
 * context close; one subclass for each, so that each bean backs off by type from one the application defines. A
 * server starts after the handlers are registered, publishes its bound port as {@code local.remoting.server.port}
 * (as Boot does for its web server), or, bound in-process ({@code remoting.server.in-process-name}), no port but its
 * address {@code local:<name>} as {@code local.remoting.server.address}; and it stops in the phase of Boot's
 * graceful web shutdown: in-flight requests
 * finish within {@code remoting.server.shutdown-grace-period} while new ones get GO_AWAY, all within
 * {@code spring.lifecycle.timeout-per-shutdown-phase}.
 */
public abstract sealed class RemotingServiceLifecycle implements SmartLifecycle
        permits RemotingServiceLifecycle.Server, RemotingServiceLifecycle.Client,
        RemotingServiceLifecycle.NamedClients {

    /** The phase of Boot's graceful web-server shutdown: stop accepting work before the rest of the context goes. */
    public static final int SERVER_PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

    /** Clients stop after servers, so that requests served during the grace period can still call out. */
    public static final int CLIENT_PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    static final String PORT_PROPERTY = "local.remoting.server.port";

    /** Where a server bound in-process publishes its address, as it has no port. */
    static final String ADDRESS_PROPERTY = "local.remoting.server.address";

    private final List<RemotingService> services;
    private final int phase;
    private final @Nullable ConfigurableEnvironment environment;
    private volatile boolean running;

    private RemotingServiceLifecycle(List<? extends RemotingService> services, int phase,
            @Nullable ConfigurableEnvironment environment) {
        this.services = List.copyOf(Objects.requireNonNull(services, "services"));
        this.phase = phase;
        this.environment = environment;
    }

    /**
     * Starts and stops the server, publishing its bound port as {@code local.remoting.server.port}, or its
     * in-process address as {@code local.remoting.server.address}.
     */
    public static final class Server extends RemotingServiceLifecycle {

        public Server(RemotingServer server, ConfigurableEnvironment environment) {
            super(List.of(Objects.requireNonNull(server, "server")), SERVER_PHASE,
                    Objects.requireNonNull(environment, "environment"));
        }
    }

    /** Starts and stops the default client. */
    public static final class Client extends RemotingServiceLifecycle {

        public Client(RemotingClient client) {
            super(List.of(Objects.requireNonNull(client, "client")), CLIENT_PHASE, null);
        }
    }

    /** Starts the named clients in their order and stops them all. */
    public static final class NamedClients extends RemotingServiceLifecycle {

        public NamedClients(RemotingClients clients) {
            super(List.copyOf(clients.asMap().values()), CLIENT_PHASE, null);
        }
    }

    @Override
    public void start() {
        for (RemotingService service : this.services) {
            service.start();
            if (service instanceof RemotingServer server && this.environment != null) {
                String inProcess = server.inProcessAddress();
                if (inProcess != null) {
                    publish(this.environment, ADDRESS_PROPERTY, inProcess);
                } else {
                    publish(this.environment, PORT_PROPERTY, server.localListenPort());
                }
            }
        }
        this.running = true;
    }

    @Override
    public void stop() {
        try {
            this.services.forEach(RemotingService::shutdown);
        } finally {
            this.running = false;
        }
    }

    @Override
    public void stop(Runnable callback) {
        // Shut down off the caller's thread so that Boot's phase timeout bounds the wait, as for its web server.
        Thread stopper = new Thread(() -> {
            try {
                stop();
            } finally {
                callback.run();
            }
        }, "remoting-shutdown");
        stopper.setDaemon(true);
        stopper.start();
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return this.phase;
    }

    private static void publish(ConfigurableEnvironment environment, String name, Object value) {
        PropertySource<?> existing = environment.getPropertySources().get("remoting.ports");
        if (existing instanceof MapPropertySource ports) {
            @SuppressWarnings("unchecked")
            Map<String, Object> source = (Map<String, Object>) ports.getSource();
            source.put(name, value);
        } else {
            environment.getPropertySources().addFirst(new MapPropertySource("remoting.ports",
                    new HashMap<>(Map.of(name, value))));
        }
    }
}
