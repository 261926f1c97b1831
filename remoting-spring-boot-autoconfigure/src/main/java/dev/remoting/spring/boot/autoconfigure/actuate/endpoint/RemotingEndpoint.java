package dev.remoting.spring.boot.autoconfigure.actuate.endpoint;

import dev.remoting.AddressSelector;
import dev.remoting.ProcessorPair;
import dev.remoting.RemotingClient;
import dev.remoting.RemotingHelper;
import dev.remoting.RemotingServer;
import dev.remoting.RemotingService;
import dev.remoting.spring.boot.autoconfigure.RejectedTaskCounter;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import dev.remoting.spring.boot.autoconfigure.RemotingExecutors;
import dev.remoting.spring.boot.autoconfigure.handler.HandlerRegistration;
import dev.remoting.spring.boot.autoconfigure.handler.RequestCodeHandlerRegistrar;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/remoting}: the server's port and state, every request code with its handler and executor, each
 * executor's configured and current size, load and rejections, permits, pending calls, open connections, and the
 * name servers and channels of the default client and of each named one.
 */
@Endpoint(id = "remoting")
public final class RemotingEndpoint implements SmartInitializingSingleton {

    private final ObjectProvider<RemotingServer> server;
    private final ObjectProvider<RemotingClient> client;
    private final ObjectProvider<RemotingClients> namedClients;
    private final ObjectProvider<RemotingExecutors> executors;
    private final ObjectProvider<RequestCodeHandlerRegistrar> registrar;

    public RemotingEndpoint(ObjectProvider<RemotingServer> server,
            ObjectProvider<RemotingClient> client, ObjectProvider<RemotingClients> namedClients,
            ObjectProvider<RemotingExecutors> executors, ObjectProvider<RequestCodeHandlerRegistrar> registrar) {
        this.server = Objects.requireNonNull(server, "server");
        this.client = Objects.requireNonNull(client, "client");
        this.namedClients = Objects.requireNonNull(namedClients, "namedClients");
        this.executors = Objects.requireNonNull(executors, "executors");
        this.registrar = Objects.requireNonNull(registrar, "registrar");
    }

    /**
     * Counts what the public executors of the server and clients reject from here on: they are the core's, built
     * before the application context could wrap them. The handler executors count from the start.
     */
    @Override
    public void afterSingletonsInstantiated() {
        List<RemotingService> services = new ArrayList<>();
        this.server.orderedStream().forEach(services::add);
        this.client.orderedStream().forEach(services::add);
        RemotingClients named = this.namedClients.getIfAvailable();
        if (named != null) {
            services.addAll(named.asMap().values());
        }
        for (RemotingService service : services) {
            if (service.getPublicExecutor() instanceof ThreadPoolExecutor pool) {
                RejectedTaskCounter.install(pool);
            }
        }
    }

    @ReadOperation
    public RemotingDescriptor remoting() {
        Map<ExecutorService, String> executorNames = new IdentityHashMap<>();
        Map<String, ExecutorDescriptor> executors = new LinkedHashMap<>();
        RemotingExecutors handlerExecutors = this.executors.getIfAvailable();
        if (handlerExecutors != null) {
            handlerExecutors.all().forEach((name, executor) -> {
                executorNames.put(executor, name);
                executors.put(name, ExecutorDescriptor.of(executor));
            });
        }
        Map<Object, String> handlers = new IdentityHashMap<>();
        RequestCodeHandlerRegistrar registrar = this.registrar.getIfAvailable();
        if (registrar != null) {
            for (HandlerRegistration registration : registrar.getRegistrations()) {
                handlers.put(registration.processor(), registration.description());
            }
        }
        RemotingServer server = this.server.getIfUnique();
        ServerDescriptor serverDescriptor = null;
        if (server != null) {
            addPublicExecutor(server, "remoting.server.public", executorNames, executors);
            List<ConnectionDescriptor> connections = new ArrayList<>();
            Map<Channel, Integer> pending = server.getPendingCallsByChannel();
            for (Channel channel : server.getChannels()) {
                connections.add(ConnectionDescriptor.of(RemotingHelper.parseChannelRemoteAddr(channel), channel,
                        pending));
            }
            boolean serving = server.localListenPort() > 0 || server.inProcessAddress() != null;
            serverDescriptor = new ServerDescriptor(server.localListenPort(), serving ? "SERVING" : "STOPPED",
                    processors(server.getProcessorTable(), handlers, executorNames),
                    new PermitsDescriptor(server.getAvailableAsyncPermits(), server.getAvailableOnewayPermits()),
                    server.getResponseTableSize(), connections);
        }
        RemotingClient client = this.client.getIfUnique();
        ClientDescriptor clientDescriptor = client == null ? null
                : describe(RemotingClients.DEFAULT_NAME, client, handlers, executorNames, executors);
        Map<String, ClientDescriptor> clients = new LinkedHashMap<>();
        RemotingClients namedClients = this.namedClients.getIfAvailable();
        if (namedClients != null) {
            namedClients.asMap().forEach((name, named) -> clients.put(name,
                    describe(name, named, handlers, executorNames, executors)));
        }
        return new RemotingDescriptor(serverDescriptor, clientDescriptor, clients, executors);
    }

    /** Describes a client, adding its public executor to the executors. */
    private static ClientDescriptor describe(String name, RemotingClient client, Map<Object, String> handlers,
            Map<ExecutorService, String> executorNames, Map<String, ExecutorDescriptor> executors) {
        addPublicExecutor(client, RemotingClients.publicExecutorName(name), executorNames, executors);
        List<ConnectionDescriptor> channels = new ArrayList<>();
        Map<Channel, Integer> pending = client.getPendingCallsByChannel();
        client.getChannels().forEach((addr, channel) -> channels.add(ConnectionDescriptor.of(addr, channel,
                pending)));
        AddressSelector selector = client.getAddressSelector();
        ServiceDescriptor service = selector == null ? null
                : new ServiceDescriptor(selector.toString(), selector.addresses());
        return new ClientDescriptor(client.getNameServerAddressList(), client.getChosenNameServer(), service,
                processors(client.getProcessorTable(), handlers, executorNames),
                new PermitsDescriptor(client.getAvailableAsyncPermits(), client.getAvailableOnewayPermits()),
                client.getResponseTableSize(), channels);
    }

    /** Adds the service's public executor, which one of another implementation may not have. */
    private static void addPublicExecutor(RemotingService service, String name,
            Map<ExecutorService, String> executorNames, Map<String, ExecutorDescriptor> executors) {
        ExecutorService executor = service.getPublicExecutor();
        if (executor != null) {
            executorNames.put(executor, name);
            executors.put(name, ExecutorDescriptor.of(executor));
        }
    }

    private static Map<Integer, ProcessorDescriptor> processors(Map<Integer, ProcessorPair> table,
            Map<Object, String> handlers, Map<ExecutorService, String> executorNames) {
        Map<Integer, ProcessorDescriptor> processors = new TreeMap<>();
        table.forEach((code, pair) -> processors.put(code, new ProcessorDescriptor(
                handlers.getOrDefault(pair.processor(), pair.processor().getClass().getName()),
                executorNames.getOrDefault(pair.executor(), pair.executor().getClass().getSimpleName()))));
        return processors;
    }

    /**
     * The whole answer of {@code /actuator/remoting}.
     *
     * @param client the client of {@code remoting.client}
     * @param clients the clients of {@code remoting.clients}, by name
     */
    public record RemotingDescriptor(@Nullable ServerDescriptor server, @Nullable ClientDescriptor client,
            Map<String, ClientDescriptor> clients, Map<String, ExecutorDescriptor> executors) {
    }

    /**
     * The server: port (-1 when bound in-process), state, request codes, permits, pending calls and connections.
     */
    public record ServerDescriptor(int port, String state, Map<Integer, ProcessorDescriptor> processors,
            PermitsDescriptor permits, int responseTableSize, List<ConnectionDescriptor> connections) {
    }

    /**
     * The client: name servers or the service its calls go to, request codes of server-to-client calls, permits,
     * pending calls and channels.
     *
     * @param service where calls with no address go when not to name servers; {@code null} otherwise
     */
    public record ClientDescriptor(List<String> nameServers, @Nullable String chosenNameServer,
            @Nullable ServiceDescriptor service, Map<Integer, ProcessorDescriptor> processors,
            PermitsDescriptor permits, int responseTableSize, List<ConnectionDescriptor> channels) {
    }

    /**
     * The instances a client's calls go to, as its {@link AddressSelector} sees them now.
     *
     * @param selectedBy what selects them, such as {@code service 'orders'}
     * @param instances their addresses; each one called so far has a channel of its own
     */
    public record ServiceDescriptor(String selectedBy, List<String> instances) {
    }

    /** The handler of one request code and the executor it runs on. */
    public record ProcessorDescriptor(String handler, String executor) {
    }

    /** Permits left for concurrent async and oneway calls. */
    public record PermitsDescriptor(int async, int oneway) {
    }

    /**
     * One open connection.
     *
     * @param idleMillis milliseconds since it last carried a command either way
     * @param pendingCalls calls made on it that wait for their response
     */
    public record ConnectionDescriptor(String remoteAddress, boolean active, boolean writable, long idleMillis,
            int pendingCalls) {

        static ConnectionDescriptor of(String remoteAddress, Channel channel, Map<Channel, Integer> pending) {
            return new ConnectionDescriptor(remoteAddress, channel.isActive(), channel.isWritable(),
                    RemotingHelper.idleMillis(channel), pending.getOrDefault(channel, 0));
        }
    }

    /**
     * Size and load of one executor; -1 for what an executor that is no {@link ThreadPoolExecutor} does not tell.
     *
     * @param corePoolSize threads configured to stay
     * @param maxPoolSize threads configured at most
     * @param poolSize threads it has now
     * @param queueCapacity tasks its queue holds at most; -1 when unbounded
     * @param rejected tasks turned away (a request so turned away is answered SYSTEM_BUSY); 0 when none
     */
    public record ExecutorDescriptor(int corePoolSize, int maxPoolSize, int poolSize, int active, int queued,
            int queueCapacity, long completed, long rejected) {

        static ExecutorDescriptor of(ExecutorService executor) {
            long rejected = RejectedTaskCounter.count(executor);
            if (executor instanceof ThreadPoolExecutor pool) {
                int queued = pool.getQueue().size();
                long capacity = (long) queued + pool.getQueue().remainingCapacity();
                return new ExecutorDescriptor(pool.getCorePoolSize(), pool.getMaximumPoolSize(), pool.getPoolSize(),
                        pool.getActiveCount(), queued, capacity >= Integer.MAX_VALUE ? -1 : (int) capacity,
                        pool.getCompletedTaskCount(), rejected);
            }
            return new ExecutorDescriptor(-1, -1, -1, -1, -1, -1, -1, rejected);
        }
    }
}
