package dev.remoting.spring.boot.autoconfigure.handler;

import dev.remoting.RemotingClient;
import dev.remoting.RemotingServer;
import dev.remoting.spring.boot.autoconfigure.RemotingExecutors;
import dev.remoting.spring.boot.autoconfigure.handler.HandlerWiringException.Problem;
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
        ExecutorService executor = named.isEmpty() ? dedicatedExecutor(handler, executorName)
                : namedExecutor(handler, executorName);
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

    private ExecutorService namedExecutor(HandlerRegistration handler, String name) {
        if (!this.executors.configuredNames().contains(name)) {
            throw new HandlerWiringException(Problem.UNKNOWN_EXECUTOR, handler.description(), null, name,
                    handler.description() + " uses executor '" + name + "', but remoting.executors has no such "
                    + "entry (configured: " + this.executors.configuredNames() + ")");
        }
        return this.executors.named(name, handler.description());
    }

    private ExecutorService dedicatedExecutor(HandlerRegistration handler, String name) {
        if (this.executors.configuredNames().contains(name)) {
            throw new HandlerWiringException(Problem.EXECUTOR_NAME_CLASH, handler.description(), null, name,
                    "The dedicated executor '" + name + "' of " + handler.description() + ", which names no "
                    + "executor, clashes with remoting.executors." + name + "; set the handler's executor");
        }
        return this.executors.dedicated(name);
    }

    private RemotingServer serverFor(HandlerRegistration handler) {
        if (this.server == null) {
            // Stays a failure, not a warning: a handler that is never called is a bug found late, in production.
            throw new HandlerWiringException(Problem.NO_SERVER, handler.description(), handler.description()
                    + " handles server requests, but there is no remoting server (remoting.server.enabled=false, "
                    + "or a @Bean method that declares a type without @RequestCodeHandler hid the handler from the "
                    + "server's condition)");
        }
        return this.server;
    }

    private List<RemotingClient> clientsFor(HandlerRegistration handler) {
        if (this.clients.isEmpty()) {
            throw new HandlerWiringException(Problem.NO_CLIENT, handler.description(), handler.description()
                    + " handles client requests, but there is no remoting client (remoting.client.enabled=false and "
                    + "no remoting.clients?)");
        }
        return this.clients;
    }
}
