package dev.remoting.sample.client;

import dev.remoting.RemotingClient;
import dev.remoting.exception.RemotingException;
import dev.remoting.protocol.RemotingCommand;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** The broker as this run calls it: the remoting client, the broker's address, and the timeout of every call. */
final class BrokerEndpoint {

    private final RemotingClient client;
    private final String address;
    private final long timeoutMillis;

    BrokerEndpoint(RemotingClient client, DemoProperties properties) {
        this.client = Objects.requireNonNull(client, "client");
        this.address = properties.getBrokerAddress();
        this.timeoutMillis = properties.getCallTimeout().toMillis();
    }

    String address() {
        return address;
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    RemotingCommand invokeSync(RemotingCommand request) throws InterruptedException, RemotingException {
        return client.invokeSync(address, request, timeoutMillis);
    }

    /** A call the broker may hold for up to {@code holdMillis} before it answers (a long-polling pull). */
    RemotingCommand invokeSync(RemotingCommand request, long holdMillis)
            throws InterruptedException, RemotingException {
        return client.invokeSync(address, request, holdMillis + timeoutMillis);
    }

    CompletableFuture<RemotingCommand> invoke(RemotingCommand request) {
        return client.invoke(address, request, timeoutMillis);
    }

    void invokeOneway(RemotingCommand request) throws InterruptedException, RemotingException {
        client.invokeOneway(address, request, timeoutMillis);
    }
}
