package dev.remoting.sample.client;

import dev.remoting.RemotingClient;
import dev.remoting.exception.RemotingException;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.sample.protocol.BrokerApi;
import java.util.Objects;

/**
 * The broker as this run calls it: its declarative client ({@link BrokerApi}), its address, the timeout of every
 * call, and the remoting client for the one call the interface leaves out (a long-polling pull).
 */
final class BrokerEndpoint {

    private final BrokerApi api;
    private final RemotingClient client;
    private final String address;
    private final long timeoutMillis;

    BrokerEndpoint(BrokerApi api, RemotingClient client, DemoProperties properties) {
        this.api = Objects.requireNonNull(api, "api");
        this.client = Objects.requireNonNull(client, "client");
        this.address = properties.getBrokerAddress();
        this.timeoutMillis = properties.getCallTimeout().toMillis();
    }

    BrokerApi api() {
        return api;
    }

    String address() {
        return address;
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    /** A call the broker may hold for up to {@code holdMillis} before it answers (a long-polling pull). */
    RemotingCommand invokeSync(RemotingCommand request, long holdMillis)
            throws InterruptedException, RemotingException {
        return client.invokeSync(address, request, holdMillis + timeoutMillis);
    }
}
