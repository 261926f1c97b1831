package dev.remoting.internal.client;

import dev.remoting.InvokeCallback;
import dev.remoting.ResponseFuture;
import dev.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import org.jspecify.annotations.Nullable;

/**
 * An async call that failed before it was sent, where no exception can reach the caller any more: one made on a
 * Netty thread and handed to the public executor to connect (see {@link ClientCalls#invokeAsync}). Its callback is
 * told the failure and then completed with this, as with any other call.
 */
final class NotSentCall implements ResponseFuture {

    private final RemotingCommand request;
    private final long timeoutMillis;
    private final long beginTimestamp;
    private final Throwable cause;
    private final @Nullable InvokeCallback callback;
    private boolean run;

    NotSentCall(RemotingCommand request, long timeoutMillis, long beginTimestamp, Throwable cause,
            @Nullable InvokeCallback callback) {
        this.request = request;
        this.timeoutMillis = timeoutMillis;
        this.beginTimestamp = beginTimestamp;
        this.cause = cause;
        this.callback = callback;
    }

    @Override
    public boolean isTimeout() {
        return System.currentTimeMillis() - beginTimestamp > timeoutMillis;
    }

    @Override
    public @Nullable RemotingCommand getResponseCommand() {
        return null;
    }

    @Override
    public boolean isSendRequestOK() {
        return false;
    }

    @Override
    public Throwable getCause() {
        return cause;
    }

    @Override
    public int getOpaque() {
        return request.getOpaque();
    }

    @Override
    public RemotingCommand getRequestCommand() {
        return request;
    }

    @Override
    public long getTimeoutMillis() {
        return timeoutMillis;
    }

    @Override
    public long getBeginTimestamp() {
        return beginTimestamp;
    }

    @Override
    public @Nullable Channel getChannel() {
        return null;
    }

    @Override
    public @Nullable InvokeCallback getInvokeCallback() {
        return callback;
    }

    @Override
    public synchronized void executeInvokeCallback() {
        if (callback == null || run) {
            return;
        }
        run = true;
        try {
            callback.operationFail(cause);
        } finally {
            callback.operationComplete(this);
        }
    }
}
