package dev.remoting.benchmark;

/** The request codes every benchmark server answers, whatever the implementation. */
final class Codes {

    /** Answers with the request's body. */
    static final int ECHO = 100;

    /** Sent oneway: the server only counts it. */
    static final int ONEWAY = 101;

    /** Answers with the number of ONEWAY requests processed so far (8 bytes, big-endian). */
    static final int COUNT = 102;

    /** Answers with {@link ServerStats}: oneway count, process CPU time, bytes allocated per thread. */
    static final int STATS = 103;

    /** Calls that take longer than this fail; nothing in a healthy run comes close. */
    static final long TIMEOUT_MILLIS = 15_000;

    static final byte[] EMPTY = new byte[0];

    private Codes() {
    }
}
