package dev.remoting;

import dev.remoting.protocol.RemotingCommand;

/**
 * Receives the outcome of an asynchronous call, exactly once: {@link #operationSucceed} or {@link #operationFail},
 * then always {@link #operationComplete}. Callbacks run on the callback executor, never on a Netty event loop unless
 * that executor rejects them.
 */
public interface InvokeCallback {

    void operationComplete(ResponseFuture responseFuture);

    /** Called with the peer's response, whatever its code. */
    default void operationSucceed(RemotingCommand response) {
    }

    /**
     * Called when no response will come: {@link dev.remoting.exception.RemotingTimeoutException} at the deadline,
     * {@link dev.remoting.exception.RemotingSendRequestException} when the write failed or the channel closed.
     */
    default void operationFail(Throwable throwable) {
    }
}
