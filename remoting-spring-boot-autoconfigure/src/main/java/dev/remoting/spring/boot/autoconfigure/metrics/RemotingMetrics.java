package dev.remoting.spring.boot.autoconfigure.metrics;

import dev.remoting.RemotingClient;
import dev.remoting.RemotingServer;
import dev.remoting.RemotingService;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import dev.remoting.spring.boot.autoconfigure.RemotingExecutors;
import dev.remoting.spring.boot.autoconfigure.RemotingInterceptorFactory;
import dev.remoting.spring.boot.autoconfigure.RemotingServiceLifecycle;
import dev.remoting.spring.boot.autoconfigure.observation.RemotingCallObservations;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.SmartLifecycle;

/**
 * Binds the remoting meters to every {@link RemotingServer} and {@link RemotingClient}, whatever their
 * implementation: gauges and counters as soon as the beans exist, executor and Netty event-loop meters once the
 * servers have started and their threads exist.
 * <p>
 * The request timers {@code remoting.server.requests} and {@code remoting.client.requests} are recorded here only
 * when calls are not observed ({@link RemotingCallObservations}): otherwise Boot's meter observation handler makes
 * them of the observations of
 * {@link dev.remoting.spring.boot.autoconfigure.observation.RemotingObservationAutoConfiguration}, with the same
 * tags.
 * <p>
 * Meters that servers and clients share carry a {@code client} tag: {@code default} for the client of
 * {@code remoting.client}, the name for those of {@code remoting.clients}, and {@value #NO_CLIENT} for the server,
 * because Prometheus wants the same tag keys on every meter of one name.
 * <p>
 * Counters have no base unit and no gauge one that its name already says: Prometheus appends the unit to the name
 * (and {@code _total} to a counter's), which would read {@code remoting_events_dropped_events_total}.
 */
public final class RemotingMetrics implements SmartInitializingSingleton, SmartLifecycle {

    /** The {@code client} tag of the server's meters. */
    public static final String NO_CLIENT = RemotingInterceptorFactory.NO_CLIENT;

    private final MeterRegistry registry;
    private final ObjectProvider<RemotingServer> servers;
    private final ObjectProvider<RemotingClient> clients;
    private final ObjectProvider<RemotingClients> namedClients;
    private final ObjectProvider<RemotingExecutors> executors;
    private final RemotingCallObservations callObservations;
    private volatile boolean running;

    /** @param callObservations whether calls are observed, which makes the timers; else they are recorded here */
    public RemotingMetrics(MeterRegistry registry, ObjectProvider<RemotingServer> servers,
            ObjectProvider<RemotingClient> clients, ObjectProvider<RemotingClients> namedClients,
            ObjectProvider<RemotingExecutors> executors, RemotingCallObservations callObservations) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.servers = Objects.requireNonNull(servers, "servers");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.namedClients = Objects.requireNonNull(namedClients, "namedClients");
        this.executors = Objects.requireNonNull(executors, "executors");
        this.callObservations = Objects.requireNonNull(callObservations, "callObservations");
    }

    @Override
    public void afterSingletonsInstantiated() {
        this.servers.orderedStream().forEach(server -> {
            bindService(server, "server", NO_CLIENT);
            FunctionCounter.builder("remoting.connections.refused", server,
                    RemotingServer::getRefusedConnectionCount)
                    .description("Connections closed on arrival because the server had max-connections open")
                    .tag("side", "server").register(this.registry);
        });
        forEachClient((name, client) -> bindService(client, "client", name));
    }

    @Override
    public void start() {
        List<EventExecutor> eventExecutors = new ArrayList<>();
        this.servers.orderedStream().forEach(server -> {
            bindExecutor(server.getPublicExecutor(), "remoting.server.public");
            addAll(eventExecutors, server.getEventExecutorGroups());
        });
        forEachClient((name, client) -> {
            bindExecutor(client.getPublicExecutor(), RemotingClients.publicExecutorName(name));
            addAll(eventExecutors, client.getEventExecutorGroups());
        });
        RemotingExecutors handlerExecutors = this.executors.getIfAvailable();
        if (handlerExecutors != null) {
            handlerExecutors.all().forEach((name, executor) -> bindExecutor(executor, name));
        }
        // Binding reads each event loop's thread, which starts it: do it once, here, off the event loops.
        new NettyEventExecutorMetrics(eventExecutors).bindTo(this.registry);
        new NettyAllocatorMetrics(PooledByteBufAllocator.DEFAULT).bindTo(this.registry);
        this.running = true;
    }

    @Override
    public void stop() {
        this.running = false;
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    /** Right after the servers and clients have started, so that their thread groups exist. */
    @Override
    public int getPhase() {
        return RemotingServiceLifecycle.SERVER_PHASE + 1;
    }

    /** The default client (by type, as the auto-configuration backs off from the application's) and the named ones. */
    private void forEachClient(BiConsumer<String, RemotingClient> action) {
        this.clients.orderedStream().forEach(client -> action.accept(RemotingClients.DEFAULT_NAME, client));
        RemotingClients named = this.namedClients.getIfAvailable();
        if (named != null) {
            named.asMap().forEach(action);
        }
    }

    private void bindService(RemotingService service, String side, String client) {
        if (!this.callObservations.isObserved()) {
            service.setMetricsListener(new MicrometerRemotingMetricsListener(this.registry, side, client,
                    this.callObservations.isTimerEnabled(MicrometerRemotingMetricsListener.SERVER_TIMER),
                    this.callObservations.isTimerEnabled(MicrometerRemotingMetricsListener.CLIENT_TIMER)));
        }
        Tags tags = Tags.of("side", side, "client", client);
        Gauge.builder("remoting.semaphore.available", service, RemotingService::getAvailableAsyncPermits)
                .description("Permits left for concurrent calls").baseUnit("permits")
                .tags(tags).tag("kind", "async").register(this.registry);
        Gauge.builder("remoting.semaphore.available", service, RemotingService::getAvailableOnewayPermits)
                .description("Permits left for concurrent calls").baseUnit("permits")
                .tags(tags).tag("kind", "oneway").register(this.registry);
        Gauge.builder("remoting.calls.pending", service, RemotingService::getResponseTableSize)
                .description("Calls waiting for a response").tags(tags).register(this.registry);
        Gauge.builder("remoting.connections", service, RemotingService::getConnectionCount)
                .description("Open connections").baseUnit(BaseUnits.CONNECTIONS).tags(tags).register(this.registry);
        FunctionCounter.builder("remoting.events.dropped", service, RemotingService::getDroppedEventCount)
                .description("Channel events dropped because listeners fell behind").tags(tags)
                .register(this.registry);
    }

    /** A server or client of another implementation may have no public executor of its own. */
    private void bindExecutor(@Nullable ExecutorService executor, String name) {
        if (executor == null) {
            return;
        }
        new ExecutorServiceMetrics(executor, name, Tags.empty()).bindTo(this.registry);
    }

    private static void addAll(List<EventExecutor> target, List<EventExecutorGroup> groups) {
        for (EventExecutorGroup group : groups) {
            group.forEach(target::add);
        }
    }
}
