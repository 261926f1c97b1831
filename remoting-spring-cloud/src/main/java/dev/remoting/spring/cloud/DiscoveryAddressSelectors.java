package dev.remoting.spring.cloud;

import dev.remoting.AddressSelector;
import dev.remoting.RemotingClient;
import dev.remoting.spring.boot.autoconfigure.ServiceAddressSelectorFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.client.discovery.event.HeartbeatMonitor;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;

/**
 * Makes the {@link ServiceInstanceSelector} of every client with a service id, and keeps each one's view of the
 * registry fresh: every {@code remoting.discovery.refresh-interval}, and at once when a discovery client announces a
 * change with a {@link HeartbeatEvent} (ZooKeeper's, Consul's and Eureka's do), it reads the service's instances and
 * lets the selector retire the connections of those that left. Reading happens on one thread of its own: neither a
 * call nor a registry's event thread waits for it.
 */
public final class DiscoveryAddressSelectors
        implements ServiceAddressSelectorFactory, SmartLifecycle, ApplicationListener<HeartbeatEvent> {

    private static final Logger log = LoggerFactory.getLogger(DiscoveryAddressSelectors.class);

    private final ReactiveLoadBalancer.Factory<ServiceInstance> loadBalancers;
    private final @Nullable DiscoveryClient discoveryClient;
    private final Duration refreshInterval;
    private final BiConsumer<String, List<String>> departed;
    private final List<Entry> selectors = new CopyOnWriteArrayList<>();
    private final Map<String, Departures> departures = new ConcurrentHashMap<>();
    private final HeartbeatMonitor heartbeats = new HeartbeatMonitor();
    private volatile @Nullable ScheduledExecutorService refresher;
    /** Set by {@link #stop()} before it interrupts the refresher thread. */
    private volatile boolean stopped;

    /**
     * @param discoveryClient read for the instances a registry lists; {@code null} to read the service's
     *        {@link ServiceInstanceListSupplier} instead (with its caching)
     * @param departed told the client name and addresses of instances that left
     */
    public DiscoveryAddressSelectors(ReactiveLoadBalancer.Factory<ServiceInstance> loadBalancers,
            @Nullable DiscoveryClient discoveryClient, Duration refreshInterval,
            BiConsumer<String, List<String>> departed) {
        this.loadBalancers = Objects.requireNonNull(loadBalancers, "loadBalancers");
        this.discoveryClient = discoveryClient;
        this.refreshInterval = Objects.requireNonNull(refreshInterval, "refreshInterval");
        this.departed = Objects.requireNonNull(departed, "departed");
    }

    @Override
    public AddressSelector create(String clientName, String serviceId, RemotingClient client) {
        ServiceInstanceSelector selector = new ServiceInstanceSelector(serviceId, this.loadBalancers, client,
                departures(clientName), gone -> this.departed.accept(clientName, gone));
        this.selectors.add(new Entry(clientName, selector));
        return selector;
    }

    /** Returns the instances of a client's service that left, which its selector and its counters share. */
    Departures departures(String clientName) {
        return this.departures.computeIfAbsent(clientName, name -> new Departures());
    }

    @Override
    public void start() {
        this.stopped = false;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "remoting-discovery");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.refresher = executor;
        long millis = this.refreshInterval.toMillis();
        executor.scheduleWithFixedDelay(this::refreshAll, 0, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        this.stopped = true;
        ScheduledExecutorService executor = this.refresher;
        this.refresher = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return this.refresher != null;
    }

    @Override
    public void onApplicationEvent(HeartbeatEvent event) {
        ScheduledExecutorService executor = this.refresher;
        if (executor != null && this.heartbeats.update(event.getValue())) {
            try {
                executor.execute(this::refreshAll);
            } catch (RejectedExecutionException stopping) {
                // Stopped meanwhile: nothing left to refresh.
            }
        }
    }

    /**
     * Reads every called service's instances now; what fails is logged and tried again at the next refresh. Once
     * stopped it reads nothing more, and a read that {@link #stop()} interrupted (a discovery client wraps the
     * {@link InterruptedException}) is not a failure to report.
     */
    void refreshAll() {
        for (Entry entry : this.selectors) {
            if (this.stopped) {
                return;
            }
            String serviceId = entry.selector().serviceId();
            try {
                entry.selector().refresh(instances(serviceId));
                if (entry.failing().compareAndSet(true, false)) {
                    log.info("Reading the instances of service '{}' for remoting client '{}' works again",
                            serviceId, entry.clientName());
                }
            } catch (RuntimeException ex) {
                if (this.stopped) {
                    return;
                }
                // Once per failing spell, not every interval: a registry that is down stays down for a while.
                if (entry.failing().compareAndSet(false, true)) {
                    log.warn("Could not read the instances of service '{}' for remoting client '{}', trying again "
                            + "every {}: {}", serviceId, entry.clientName(), this.refreshInterval,
                            String.valueOf(NestedExceptionUtils.getMostSpecificCause(ex)));
                }
            }
        }
    }

    private List<ServiceInstance> instances(String serviceId) {
        DiscoveryClient discovery = this.discoveryClient;
        if (discovery != null) {
            return discovery.getInstances(serviceId);
        }
        ServiceInstanceListSupplier supplier = this.loadBalancers.getInstance(serviceId,
                ServiceInstanceListSupplier.class);
        List<ServiceInstance> instances = supplier.get().next().block(this.refreshInterval);
        return instances != null ? instances : List.of();
    }

    private record Entry(String clientName, ServiceInstanceSelector selector, AtomicBoolean failing) {

        Entry(String clientName, ServiceInstanceSelector selector) {
            this(clientName, selector, new AtomicBoolean());
        }
    }
}
