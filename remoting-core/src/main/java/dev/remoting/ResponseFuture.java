package dev.remoting;

import dev.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import org.jspecify.annotations.Nullable;

/**
 * One call and its outcome, as an {@link InvokeCallback} sees it in {@link InvokeCallback#operationComplete}. The
 * outcome is set exactly once, before the callback runs.
 */
public interface ResponseFuture {

    /** Whether the call has no response and its deadline has passed. */
    boolean isTimeout();

    /** Returns the response, or {@code null} while there is none (or the call failed). */
    @Nullable RemotingCommand getResponseCommand();

    /** Whether the request was written; false when the write failed or the channel closed first. */
    boolean isSendRequestOK();

    /** Returns why the call failed, or {@code null} while it has not. */
    @Nullable Throwable getCause();

    int getOpaque();

    RemotingCommand getRequestCommand();

    long getTimeoutMillis();

    /** Returns when the call started, in epoch milliseconds. */
    long getBeginTimestamp();

    /**
     * Returns the connection the request went out on, or {@code null} when the call failed before it had one: an
     * async call made on a Netty thread to an address not yet connected, whose connect then failed.
     */
    @Nullable Channel getChannel();

    /** Returns the callback, or {@code null} for a sync call or an async one made without a callback. */
    @Nullable InvokeCallback getInvokeCallback();

    /**
     * Runs the callback at most once: {@code operationSucceed} or {@code operationFail}, then
     * {@code operationComplete}.
     */
    void executeInvokeCallback();
}
