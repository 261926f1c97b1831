package dev.remoting.benchmark;

import java.util.List;
import java.util.concurrent.ExecutorService;

/** The implementations compared, in the order each round runs them. */
enum Implementation {

    /** remoting-core with every setting at its default. */
    OURS_DEFAULT("ours-default", "ours default") {
        @Override
        BenchServer newServer(ExecutorService business, ServerCounters counters) {
            return new OursBench.Server(false, business, counters);
        }

        @Override
        BenchClient newClient(List<String> addrs) {
            return new OursBench.Client(false, addrs);
        }
    },

    /** remoting-core in its fastest documented configuration, see {@link OursBench#FASTEST_DESCRIPTION}. */
    OURS_FASTEST("ours-fastest", "ours fastest") {
        @Override
        BenchServer newServer(ExecutorService business, ServerCounters counters) {
            return new OursBench.Server(true, business, counters);
        }

        @Override
        BenchClient newClient(List<String> addrs) {
            return new OursBench.Client(true, addrs);
        }
    },

    /** Apache RocketMQ remoting 5.3.1 from Maven Central, default configuration. */
    ROCKETMQ("rocketmq", "RocketMQ 5.3.1") {
        @Override
        BenchServer newServer(ExecutorService business, ServerCounters counters) {
            return new RocketMQBench.Server(business, counters);
        }

        @Override
        BenchClient newClient(List<String> addrs) {
            return new RocketMQBench.Client(addrs);
        }
    },

    /** The thinnest request/response on the same transport. */
    FLOOR("netty-floor", "Netty floor") {
        @Override
        BenchServer newServer(ExecutorService business, ServerCounters counters) {
            return new FloorBench.Server(counters);
        }

        @Override
        BenchClient newClient(List<String> addrs) throws Exception {
            return new FloorBench.Client(addrs);
        }
    };

    private final String id;
    private final String label;

    Implementation(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The name used on the command line and by the server process. */
    String id() {
        return id;
    }

    /** The column heading in the report. */
    String label() {
        return label;
    }

    abstract BenchServer newServer(ExecutorService business, ServerCounters counters);

    abstract BenchClient newClient(List<String> addrs) throws Exception;

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
