package dev.remoting.benchmark;

import java.util.List;
import java.util.concurrent.ExecutorService;

/** The implementations compared, in the order each round runs them. */
enum Implementation {

    /** remoting-core with every setting at its default. */
    OURS_DEFAULT("ours-default", "ours default",
            (business, counters) -> new OursBench.Server(false, business, counters),
            addrs -> new OursBench.Client(false, addrs)),

    /** remoting-core in its fastest documented configuration, see {@link OursBench#FASTEST_DESCRIPTION}. */
    OURS_FASTEST("ours-fastest", "ours fastest",
            (business, counters) -> new OursBench.Server(true, business, counters),
            addrs -> new OursBench.Client(true, addrs)),

    /** remoting-core's declarative client over ours default's client and server: the cost of the proxy. */
    OURS_DECLARATIVE("ours-declarative", "ours declarative",
            (business, counters) -> new OursBench.Server(false, business, counters),
            DeclarativeBench.Client::new),

    /**
     * Ours default's client and server, every call made with a null address to the instance Spring Cloud LoadBalancer
     * chooses, see {@link DiscoveryBench}: the cost of the choice.
     */
    OURS_DISCOVERY("ours-discovery", "ours discovery",
            (business, counters) -> new OursBench.Server(false, business, counters),
            DiscoveryBench::client),

    /** Ours default with the two timers recorded directly, as with Spring Boot's Actuator and no tracer. */
    OURS_METRICS("ours-metrics", "ours metrics", Observability.METRICS),

    /** Ours default with every call observed into Micrometer meters. */
    OURS_OBSERVED("ours-observed", "ours observed", Observability.OBSERVED),

    /** Ours default observed into meters and traced with Brave, as Spring Boot wires both. */
    OURS_TRACED("ours-traced", "ours traced", Observability.TRACED),

    /** Apache RocketMQ remoting 5.3.1 from Maven Central, default configuration. */
    ROCKETMQ("rocketmq", "RocketMQ 5.3.1", RocketMQBench.Server::new, RocketMQBench.Client::new),

    /** The thinnest request/response on the same transport. */
    FLOOR("netty-floor", "Netty floor", (business, counters) -> new FloorBench.Server(counters),
            FloorBench.Client::new);

    /** Starts the server side of an implementation on the given business executor. */
    @FunctionalInterface
    interface ServerFactory {
        BenchServer create(ExecutorService business, ServerCounters counters);
    }

    /** Connects the client side of an implementation to the given addresses. */
    @FunctionalInterface
    interface ClientFactory {
        BenchClient create(List<String> addrs) throws Exception;
    }

    private final String id;
    private final String label;

    private final ServerFactory serverFactory;
    private final ClientFactory clientFactory;
    private final boolean observed;

    Implementation(String id, String label, ServerFactory serverFactory, ClientFactory clientFactory) {
        this.id = id;
        this.label = label;
        this.serverFactory = serverFactory;
        this.clientFactory = clientFactory;
        this.observed = false;
    }

    /**
     * Ours default's client and server, each instrumented as the starter instruments them; the factories run in the
     * JVM that uses them, so the server JVM builds its own registries.
     */
    Implementation(String id, String label, Observability observability) {
        this.id = id;
        this.label = label;
        this.serverFactory = (business, counters) -> new OursBench.Server(false, business, counters,
                server -> observability.instrument(server, true));
        this.clientFactory = addrs -> new OursBench.Client(false, addrs,
                client -> observability.instrument(client, false));
        this.observed = true;
    }

    /** The name used on the command line and by the server process. */
    String id() {
        return id;
    }

    /** The column heading in the report. */
    String label() {
        return label;
    }

    /** Whether this is ours default instrumented on both sides. */
    boolean observed() {
        return observed;
    }

    BenchServer newServer(ExecutorService business, ServerCounters counters) {
        return serverFactory.create(business, counters);
    }

    BenchClient newClient(List<String> addrs) throws Exception {
        return clientFactory.create(addrs);
    }

    static Implementation byId(String id) {
        for (Implementation impl : values()) {
            if (impl.id.equals(id)) {
                return impl;
            }
        }
        throw new IllegalArgumentException("unknown implementation '" + id + "'; known: "
                + java.util.Arrays.stream(values()).map(Implementation::id).toList());
    }
}
