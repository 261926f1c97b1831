package dev.remoting.spring.boot.autoconfigure.actuate;

import dev.remoting.RemotingClient;
import dev.remoting.RemotingServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * UP while the server is bound and serving; DOWN before it starts and after it stops. Details show the port,
 * connections and calls waiting for a response, and the client's connections and name servers.
 */
public final class RemotingHealthIndicator extends AbstractHealthIndicator {

    private final ObjectProvider<RemotingServer> server;
    private final ObjectProvider<RemotingClient> client;

    public RemotingHealthIndicator(ObjectProvider<RemotingServer> server, ObjectProvider<RemotingClient> client) {
        super("Remoting health check failed");
        this.server = server;
        this.client = client;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up();
        RemotingServer server = this.server.getIfUnique();
        if (server != null) {
            int port = server.localListenPort();
            if (port <= 0) {
                builder.down().withDetail("server", "not listening");
            } else {
                builder.withDetail("server", new ServerHealth(port, server.getConnectionCount(),
                        server.getResponseTableSize()));
            }
        }
        RemotingClient client = this.client.getIfUnique();
        if (client != null) {
            builder.withDetail("client", new ClientHealth(client.getConnectionCount(),
                    client.getResponseTableSize(), client.getNameServerAddressList()));
        }
    }

    record ServerHealth(int port, int connections, int pendingCalls) {
    }

    record ClientHealth(int connections, int pendingCalls, java.util.List<String> nameServers) {
    }
}
