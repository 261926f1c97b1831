package dev.remoting;

import dev.remoting.exception.RemotingConnectException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.exception.RemotingTooMuchRequestException;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import org.jspecify.annotations.Nullable;

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
     * @param requestCode the request's code
     * @param mode how the call was made
     * @param outcome how it ended
     * @param responseCode the response's code, or -1 when no response arrived (oneway, and every outcome but
     *        {@link CallOutcome#SUCCESS} and {@link CallOutcome#ERROR_RESPONSE})
     * @param durationNanos from the call's start to its end (for oneway calls, to the request being written)
     */
    default void callCompleted(int requestCode, InvokeMode mode, CallOutcome outcome, int responseCode,
            long durationNanos) {
    }

    /** How a call was made. */
    enum InvokeMode {
        SYNC, ASYNC, ONEWAY
    }

    /** How a call ended. */
    enum CallOutcome {
        /** A response with code SUCCESS (0) arrived, or a oneway request was written. */
        SUCCESS,
        /** A response with another code arrived: an error, or a GO_AWAY (whose retry is a call of its own). */
        ERROR_RESPONSE,
        /** No response before the deadline. */
        TIMEOUT,
        /** The request could not be written, or the connection closed before the response. */
        SEND_FAILED,
        /** No permit became free in time. */
        TOO_MANY_REQUESTS,
        /** No connection could be made. */
        CONNECT_FAILED;

        /**
         * How a call ended, told by what ended it: its response, or the exception the caller got (which is
         * {@link #SEND_FAILED} unless it says otherwise). A oneway call written, with neither, is a {@link #SUCCESS}.
         */
        public static CallOutcome of(@Nullable RemotingCommand response, @Nullable Throwable error) {
            if (response != null) {
                return response.getCode() == RemotingSysResponseCode.SUCCESS ? SUCCESS : ERROR_RESPONSE;
            }
            if (error == null) {
                return SUCCESS;
            }
            if (error instanceof RemotingTimeoutException) {
                return TIMEOUT;
            }
            if (error instanceof RemotingTooMuchRequestException) {
                return TOO_MANY_REQUESTS;
            }
            return error instanceof RemotingConnectException ? CONNECT_FAILED : SEND_FAILED;
        }
    }
}
