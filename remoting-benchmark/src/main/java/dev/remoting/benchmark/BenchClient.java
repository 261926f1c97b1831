package dev.remoting.benchmark;

/**
 * The client half of one implementation, run in the harness JVM. It is connected to a list of addresses (one for
 * most workloads, many for the connection-count workload); {@code conn} picks one. All methods are thread-safe.
 */
interface BenchClient extends AutoCloseable {

    /** Calls and waits; returns the response body, or throws when the call failed or the response is not a success. */
    byte[] sync(int conn, int code, byte[] body) throws Exception;

    /**
     * Calls without waiting; {@code listener} is told once, on whichever thread the implementation completes calls.
     * Throws only when the call could not be started.
     */
    void async(int conn, int code, byte[] body, Listener listener) throws Exception;

    /** Sends a request that gets no response. */
    void oneway(int conn, int code, byte[] body) throws Exception;

    @Override
    void close();

    /** The outcome of an async call: a body, or an error. */
    @FunctionalInterface
    interface Listener {
        void done(byte[] body, Throwable error);
    }
}
