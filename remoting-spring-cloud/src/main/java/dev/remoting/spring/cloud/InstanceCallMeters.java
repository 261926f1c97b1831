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
import java.util.concurrent.TimeUnit;
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

    /** How long a departed instance is remembered, for the calls made to it before it left that end later. */
    private static final long DEPARTED_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final MeterRegistry registry;
    private final Map<String, String> serviceIds;

    /** Per client: per instance, one counter per outcome, made on first use. */
    private final Map<String, Map<String, Counter[]>> counters = new ConcurrentHashMap<>();
    /** Per client: the instances that left, with the nano time they left at. */
    private final Map<String, Map<String, Long>> departed = new ConcurrentHashMap<>();

    /** @param serviceIds the service id of each client name that has one */
    public InstanceCallMeters(MeterRegistry registry, Map<String, String> serviceIds) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.serviceIds = Map.copyOf(serviceIds);
    }

    @Override
    public @Nullable RemotingInterceptor create(String clientName) {
        String serviceId = this.serviceIds.get(clientName);
        if (serviceId == null) {
            return null;
        }
        Map<String, Counter[]> instances = this.counters.computeIfAbsent(clientName, name -> new ConcurrentHashMap<>());
        Map<String, Long> gone = this.departed.computeIfAbsent(clientName, name -> new ConcurrentHashMap<>());
        return call -> new Counting(call, clientName, serviceId, instances, gone, System.nanoTime());
    }

    /** Removes the counters of instances that left a client's service. */
    public void forget(String clientName, Collection<String> addresses) {
        Map<String, Counter[]> instances = this.counters.get(clientName);
        Map<String, Long> gone = this.departed.get(clientName);
        if (instances == null || gone == null) {
            return;
        }
        long now = System.nanoTime();
        gone.values().removeIf(leftAt -> now - leftAt > DEPARTED_NANOS);
        for (String address : addresses) {
            // Marked first: a call ending meanwhile either sees the mark or made its counter before the removal.
            gone.put(address, now);
            remove(instances, address);
        }
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
        private final Map<String, Long> departed;
        private final long started;

        Counting(InterceptedCall call, String clientName, String serviceId, Map<String, Counter[]> instances,
                Map<String, Long> departed, long started) {
            this.call = call;
            this.clientName = clientName;
            this.serviceId = serviceId;
            this.instances = instances;
            this.departed = departed;
            this.started = started;
        }

        @Override
        public Scope openScope() {
            return Scope.NONE;
        }

        @Override
        public void end(@Nullable RemotingCommand response, @Nullable Throwable error) {
            String address = this.call.remoteAddress();
            if (address == null || beganBeforeLeaving(address)) {
                return;
            }
            counter(this.instances, this.clientName, this.serviceId, address, CallOutcome.of(response, error))
                    .increment();
            if (beganBeforeLeaving(address)) {
                // The instance left while this was counted: its counters go as forget() meant.
                remove(this.instances, address);
            }
        }

        /**
         * Whether the instance left after this call began: the call ended on an instance whose counters are gone.
         * A call that began after it left finds it back (listed again, or called by its address).
         */
        private boolean beganBeforeLeaving(String address) {
            if (this.departed.isEmpty()) {
                return false;
            }
            Long leftAt = this.departed.get(address);
            if (leftAt == null) {
                return false;
            }
            if (this.started - leftAt < 0) {
                return true;
            }
            this.departed.remove(address, leftAt);
            return false;
        }
    }
}
