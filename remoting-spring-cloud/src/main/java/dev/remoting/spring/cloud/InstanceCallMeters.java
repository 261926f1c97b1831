package dev.remoting.spring.cloud;

import dev.remoting.InterceptedCall;
import dev.remoting.Interception;
import dev.remoting.RemotingInterceptor;
import dev.remoting.RemotingMetricsListener.CallOutcome;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.spring.boot.autoconfigure.RemotingInterceptorFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Counts the calls of each client with a service id by the instance they went to: the counter
 * {@value #CALLS}, tagged {@code client}, {@code service}, {@code instance} ({@code host:port}) and {@code outcome}
 * (as the {@code remoting.client.requests} timers). An instance's counters are removed when it leaves the registry,
 * so that the tag's values stay as few as the instances of the service; calls that began before it left and end
 * after are not counted, lest they bring its counters back for good.
 */
public final class InstanceCallMeters implements RemotingInterceptorFactory {

    /** The counter's name. */
    public static final String CALLS = "remoting.client.instance.calls";

    private final MeterRegistry registry;
    private final Map<String, String> serviceIds;
    private final Function<String, Departures> departures;

    /** Per client: per instance, one counter per outcome, made on first use. */
    private final Map<String, Map<String, Counter[]>> counters = new ConcurrentHashMap<>();

    /**
     * @param serviceIds the service id of each client name that has one
     * @param departures the instances of each client's service that left
     */
    InstanceCallMeters(MeterRegistry registry, Map<String, String> serviceIds,
            Function<String, Departures> departures) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.serviceIds = Map.copyOf(serviceIds);
        this.departures = Objects.requireNonNull(departures, "departures");
    }

    @Override
    public @Nullable RemotingInterceptor create(String clientName) {
        String serviceId = this.serviceIds.get(clientName);
        if (serviceId == null) {
            return null;
        }
        Map<String, Counter[]> instances = this.counters.computeIfAbsent(clientName, name -> new ConcurrentHashMap<>());
        Departures gone = this.departures.apply(clientName);
        return call -> new Counting(call, clientName, serviceId, instances, gone, System.nanoTime());
    }

    /** Removes the counters of instances that left a client's service. */
    public void forget(String clientName, Collection<String> addresses) {
        Map<String, Counter[]> instances = this.counters.get(clientName);
        if (instances == null) {
            return;
        }
        // Told after the departures were marked: a call ending meanwhile either sees the mark or made its counter
        // before this removal.
        addresses.forEach(address -> remove(instances, address));
    }

    private void remove(Map<String, Counter[]> instances, String address) {
        Counter[] removed = instances.remove(address);
        if (removed != null) {
            for (Counter counter : removed) {
                if (counter != null) {
                    this.registry.remove(counter);
                }
            }
        }
    }

    private Counter counter(Map<String, Counter[]> instances, String clientName, String serviceId, String address,
            CallOutcome outcome) {
        Counter[] byOutcome = instances.computeIfAbsent(address, key -> new Counter[CallOutcome.values().length]);
        Counter counter = byOutcome[outcome.ordinal()];
        if (counter == null) {
            // Racing threads get the same meter from the registry: the array only saves the lookup.
            counter = Counter.builder(CALLS)
                    .description("Calls made to each instance of a service, by outcome")
                    .tag("client", clientName)
                    .tag("service", serviceId)
                    .tag("instance", address)
                    .tag("outcome", outcome.name())
                    .register(this.registry);
            byOutcome[outcome.ordinal()] = counter;
        }
        return counter;
    }

    /** One call: counted when it ends, against the instance its last attempt went to. */
    private final class Counting implements Interception {

        private final InterceptedCall call;
        private final String clientName;
        private final String serviceId;
        private final Map<String, Counter[]> instances;
        private final Departures departures;
        private final long started;

        Counting(InterceptedCall call, String clientName, String serviceId, Map<String, Counter[]> instances,
                Departures departures, long started) {
            this.call = call;
            this.clientName = clientName;
            this.serviceId = serviceId;
            this.instances = instances;
            this.departures = departures;
            this.started = started;
        }

        @Override
        public Scope openScope() {
            return Scope.NONE;
        }

        @Override
        public void end(@Nullable RemotingCommand response, @Nullable Throwable error) {
            String address = this.call.remoteAddress();
            if (address == null || this.departures.leftSince(address, this.started)) {
                return;
            }
            counter(this.instances, this.clientName, this.serviceId, address, CallOutcome.of(response, error))
                    .increment();
            if (this.departures.leftSince(address, this.started)) {
                // The instance left while this was counted: its counters go as forget() meant.
                remove(this.instances, address);
            }
        }
    }
}
