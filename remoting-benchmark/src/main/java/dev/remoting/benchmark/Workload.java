package dev.remoting.benchmark;

/**
 * One measured workload.
 *
 * @param kind how calls are made
 * @param concurrency caller threads (SYNC), calls in flight (ASYNC), or requests not yet counted by the server
 *        (ONEWAY)
 * @param bodySize request (and echoed response) body in bytes
 * @param connections connections the calls are spread over; 1 except for the connection-count workload
 */
record Workload(Kind kind, int concurrency, int bodySize, int connections) {

    enum Kind {
        SYNC, ASYNC, ONEWAY
    }

    /** Short name for the command line and progress lines, e.g. {@code sync-16-4k} or {@code conn-1000-128}. */
    String id() {
        String size = bodySize % 1024 == 0 ? bodySize / 1024 + "k" : Integer.toString(bodySize);
        if (connections > 1) {
            return "conn-" + connections + "-" + size;
        }
        return kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + concurrency + "-" + size;
    }

    /** Row heading in the report. */
    String label() {
        String size = bodySize % 1024 == 0 ? bodySize / 1024 + " KiB" : bodySize + " B";
        if (connections > 1) {
            return connections + " connections, sync, " + concurrency + " threads, " + size;
        }
        return switch (kind) {
            case SYNC -> "sync, " + concurrency + (concurrency == 1 ? " thread, " : " threads, ") + size;
            case ASYNC -> "async, " + concurrency + " in flight, " + size;
            case ONEWAY -> "oneway, window " + concurrency + ", " + size;
        };
    }

    boolean hasLatency() {
        return kind == Kind.SYNC;
    }
}
