package dev.remoting;

/**
 * Hears how every request ends, for metrics. It is called on I/O and executor threads for every call, so an
 * implementation must be cheap and must not block.
 */
public interface RemotingMetricsListener {

    /** Does nothing; the default until one is set. */
    RemotingMetricsListener NOOP = new RemotingMetricsListener() {
    };

    /**
     * A request from the peer was answered.
     *
     * @param requestCode the request's code
     * @param known whether a processor (or the default processor) is registered for the code
     * @param responseCode the response's code, or -1 when nothing was written (oneway, or a reply to come later)
     * @param durationNanos from the request's arrival to the response being handed to the connection
     */
    default void requestProcessed(int requestCode, boolean known, int responseCode, long durationNanos) {
    }

    /**
     * A call this side made has ended.
     *
     * @param durationNanos from the call's start to its end (for oneway calls, to the request being written)
     */
    default void callCompleted(int requestCode, InvokeMode mode, CallOutcome outcome, long durationNanos) {
    }

    /** How a call was made. */
    enum InvokeMode {
        SYNC, ASYNC, ONEWAY
    }

    /** How a call ended. */
    enum CallOutcome {
        /** A response arrived (whatever its code), or a oneway request was written. */
        SUCCESS,
        /** No response before the deadline. */
        TIMEOUT,
        /** The request could not be written, or the connection closed before the response. */
        SEND_FAILED,
        /** No permit became free in time. */
        TOO_MANY_REQUESTS,
        /** No connection could be made. */
        CONNECT_FAILED
    }
}
