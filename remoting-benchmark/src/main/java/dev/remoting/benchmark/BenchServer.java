package dev.remoting.benchmark;

/**
 * The server half of one implementation, run in its own JVM by {@link ServerMain}. It answers four request codes
 * (see {@link Codes}): ECHO, ONEWAY, COUNT and STATS. ECHO and ONEWAY run on the business executor it is given,
 * as a real handler would, except in the raw-Netty floor, which answers on the I/O thread by definition.
 */
interface BenchServer {

    /** Starts listening on an ephemeral port of {@code bindAddress} and returns the port. */
    int start(String bindAddress) throws Exception;

    void close();
}
