package dev.remoting.spring.boot.autoconfigure.handler;

import dev.remoting.RemotingClient;
import dev.remoting.RemotingServer;
import dev.remoting.spring.boot.autoconfigure.RemotingExecutors;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Registers handlers with the server and/or every client (the default one and the named ones: any cluster may call
 * back), each on the executor it names under {@code remoting.executors}, or on a dedicated one when it names none.
 */
final class HandlerInstaller {

    private final @Nullable RemotingServer server;
    private final List<RemotingClient> clients;
    private final RemotingExecutors executors;

    HandlerInstaller(@Nullable RemotingServer server, List<RemotingClient> clients, RemotingExecutors executors) {
        this.server = server;
        this.clients = List.copyOf(Objects.requireNonNull(clients, "clients"));
        this.executors = Objects.requireNonNull(executors, "executors");
    }

    /** Registers the handler for each of its codes on its sides, and returns it with its executor's name. */
    HandlerRegistration install(HandlerRegistration handler) {
        Objects.requireNonNull(handler, "handler");
        RemotingServer server = handler.onServer() ? serverFor(handler) : null;
        List<RemotingClient> clients = handler.onClient() ? clientsFor(handler) : List.of();
        String named = handler.annotation().executor();
        String executorName = named.isEmpty() ? handler.defaultExecutorName() : named;
        ExecutorService executor = named.isEmpty() ? this.executors.dedicated(executorName)
                : this.executors.named(executorName, handler.description());
        for (int code : handler.annotation().code()) {
            if (server != null) {
                server.registerProcessor(code, handler.processor(), executor);
            }
            for (RemotingClient client : clients) {
                client.registerProcessor(code, handler.processor(), executor);
            }
        }
        return handler.withExecutor(executorName);
    }

    private RemotingServer serverFor(HandlerRegistration handler) {
        if (this.server == null) {
            throw new IllegalStateException(handler.description() + " handles server requests, but there is no "
                    + "remoting server (remoting.server.enabled=false?)");
        }
        return this.server;
    }

    private List<RemotingClient> clientsFor(HandlerRegistration handler) {
        if (this.clients.isEmpty()) {
            throw new IllegalStateException(handler.description() + " handles client requests, but there is no "
                    + "remoting client (remoting.client.enabled=false and no remoting.clients?)");
        }
        return this.clients;
    }
}
