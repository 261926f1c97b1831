package dev.remoting.spring.cloud;

import dev.remoting.AddressSelector;
import dev.remoting.RemotingClient;
import dev.remoting.protocol.RemotingCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import reactor.core.publisher.Mono;

/**
 * The {@link AddressSelector} of one client that calls a service: each call goes to the instance Spring Cloud
 * LoadBalancer chooses for the service id (round robin unless the application configures another balancer, with
 * whatever instance list suppliers it configures: caching, health checks, zones), at the instance's remoting port
 * ({@link RemotingInstanceMetadata#PORT}).
 *
 * <p>{@link #refresh(List)} is told the instances the registry lists now; the connections of instances no longer
 * listed are {@linkplain RemotingClient#retireChannels retired}: they take no new calls and close once the calls on
 * them are done. Until the registry lists such an instance again, a choice of it (LoadBalancer's cached list can hold
 * it for a while) is made again, a few times, before it is taken.
 */
final class ServiceInstanceSelector implements AddressSelector {

    /** How often a call asks LoadBalancer again when it chose an instance that left: a round robin's pass. */
    private static final int CHOICES_PAST_DEPARTED = 3;

    private final String serviceId;
    private final ReactiveLoadBalancer.Factory<ServiceInstance> loadBalancers;
    private final RemotingClient client;
    private final Consumer<List<String>> onDeparture;
    /** Addresses handed to calls and not yet retired: those whose connections may need retiring. */
    private final Set<String> selected = ConcurrentHashMap.newKeySet();
    private final Departures departures;
    private volatile @Nullable ReactiveLoadBalancer<ServiceInstance> loadBalancer;
    private volatile List<String> listed = List.of();

    /**
     * @param departures where the instances that left are kept, shared with the client's per-instance counters
     * @param onDeparture told the addresses of instances that left, once their connections are retired
     */
    ServiceInstanceSelector(String serviceId, ReactiveLoadBalancer.Factory<ServiceInstance> loadBalancers,
            RemotingClient client, Departures departures, Consumer<List<String>> onDeparture) {
        this.serviceId = Objects.requireNonNull(serviceId, "serviceId");
        this.loadBalancers = Objects.requireNonNull(loadBalancers, "loadBalancers");
        this.client = Objects.requireNonNull(client, "client");
        this.departures = Objects.requireNonNull(departures, "departures");
        this.onDeparture = Objects.requireNonNull(onDeparture, "onDeparture");
    }

    String serviceId() {
        return this.serviceId;
    }

    @Override
    public @Nullable String select(RemotingCommand request, long timeoutMillis) {
        long start = System.nanoTime();
        String address = choose(timeoutMillis);
        if (address != null && this.departures.hasLeft(address)) {
            address = chooseAgain(address, start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        }
        if (address != null && !this.selected.contains(address)) {
            this.selected.add(address);
        }
        return address;
    }

    /** Asks again, a round robin's pass at most, for an instance that has not left; else keeps the last choice. */
    private @Nullable String chooseAgain(String departedAddress, long deadline) {
        String address = departedAddress;
        for (int i = 0; i < CHOICES_PAST_DEPARTED && this.departures.hasLeft(address); i++) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                break;
            }
            String next = choose(left);
            if (next == null) {
                break;
            }
            address = next;
        }
        return address;
    }

    private @Nullable String choose(long timeoutMillis) {
        // With a cached instance list (the default) this completes on the calling thread; a reactive discovery client
        // may answer on another, hence the wait.
        Response<ServiceInstance> response = Mono.from(loadBalancer().choose(ReactiveLoadBalancer.REQUEST))
                .block(Duration.ofMillis(timeoutMillis));
        if (response == null || !response.hasServer()) {
            return null;
        }
        return RemotingInstanceMetadata.address(response.getServer());
    }

    /** The balancer of the service's own child context, which LoadBalancer makes on first use: looked up once. */
    private ReactiveLoadBalancer<ServiceInstance> loadBalancer() {
        ReactiveLoadBalancer<ServiceInstance> current = this.loadBalancer;
        if (current == null) {
            current = Objects.requireNonNull(this.loadBalancers.getInstance(this.serviceId),
                    () -> "no load balancer for service '" + this.serviceId + "'");
            this.loadBalancer = current;
        }
        return current;
    }

    @Override
    public List<String> addresses() {
        return this.listed;
    }

    /** Takes the instances the registry lists now, retiring the connections of those that left. */
    void refresh(List<ServiceInstance> instances) {
        Set<String> now = new LinkedHashSet<>();
        for (ServiceInstance instance : instances) {
            now.add(RemotingInstanceMetadata.address(instance));
        }
        this.listed = List.copyOf(now);
        this.departures.listed(now);
        List<String> gone = new ArrayList<>();
        for (String address : this.selected) {
            if (!now.contains(address)) {
                gone.add(address);
            }
        }
        if (!gone.isEmpty()) {
            this.departures.left(gone);
            this.selected.removeAll(gone);
            this.client.retireChannels(gone);
            this.onDeparture.accept(gone);
        }
    }

    @Override
    public String toString() {
        return "service '" + this.serviceId + "'";
    }
}
