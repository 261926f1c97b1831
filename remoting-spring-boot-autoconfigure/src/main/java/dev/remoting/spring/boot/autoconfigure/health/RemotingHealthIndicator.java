package dev.remoting.spring.boot.autoconfigure.health;

import dev.remoting.RemotingClient;
import dev.remoting.RemotingServer;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.aot.hint.annotation.RegisterReflectionForBinding;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP while the server is bound and serving; DOWN before it starts and after it stops. Details show the port (or,
 * bound in-process, the address), connections and calls waiting for a response, and the connections and name
 * servers of the default client ({@code client}) and of each named one ({@code clients.<name>}).
 */
// The details are records that the health endpoint turns into JSON by reflection; nothing else tells AOT about them.
@RegisterReflectionForBinding({RemotingHealthIndicator.ServerHealth.class,
    RemotingHealthIndicator.InProcessServerHealth.class, RemotingHealthIndicator.ClientHealth.class})
public final class RemotingHealthIndicator extends AbstractHealthIndicator {

    private final ObjectProvider<RemotingServer> server;
    private final ObjectProvider<RemotingClient> client;
    private final ObjectProvider<RemotingClients> namedClients;

    public RemotingHealthIndicator(ObjectProvider<RemotingServer> server, ObjectProvider<RemotingClient> client,
            ObjectProvider<RemotingClients> namedClients) {
        super("Remoting health check failed");
        this.server = Objects.requireNonNull(server, "server");
        this.client = Objects.requireNonNull(client, "client");
        this.namedClients = Objects.requireNonNull(namedClients, "namedClients");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up();
        RemotingServer server = this.server.getIfUnique();
        if (server != null) {
            int port = server.localListenPort();
            String inProcess = server.inProcessAddress();
            if (inProcess != null) {
                builder.withDetail("server", new InProcessServerHealth(inProcess, server.getConnectionCount(),
                        server.getResponseTableSize()));
            } else if (port <= 0) {
                builder.down().withDetail("server", "not listening");
            } else {
                builder.withDetail("server", new ServerHealth(port, server.getConnectionCount(),
                        server.getResponseTableSize()));
            }
        }
        RemotingClient client = this.client.getIfUnique();
        if (client != null) {
            builder.withDetail("client", ClientHealth.of(client));
        }
        RemotingClients namedClients = this.namedClients.getIfAvailable();
        if (namedClients != null && !namedClients.asMap().isEmpty()) {
            Map<String, ClientHealth> clients = new LinkedHashMap<>();
            namedClients.asMap().forEach((name, named) -> clients.put(name, ClientHealth.of(named)));
            builder.withDetail("clients", clients);
        }
    }

    record ServerHealth(int port, int connections, int pendingCalls) {
    }

    /** A server bound in-process has an address ({@code local:<name>}) instead of a port. */
    record InProcessServerHealth(String address, int connections, int pendingCalls) {
    }

    record ClientHealth(int connections, int pendingCalls, List<String> nameServers) {

        static ClientHealth of(RemotingClient client) {
            return new ClientHealth(client.getConnectionCount(), client.getResponseTableSize(),
                    client.getNameServerAddressList());
        }
    }
}
