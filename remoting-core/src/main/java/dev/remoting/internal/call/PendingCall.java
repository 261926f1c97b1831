package dev.remoting.internal.call;

import dev.remoting.InvokeCallback;
import dev.remoting.RemotingHelper;
import dev.remoting.RemotingMetricsListener.InvokeMode;
import dev.remoting.ResponseFuture;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import io.netty.util.Timeout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * One call waiting for its response. It is completed exactly once, by whoever takes it out of the response table
 * (the response, the deadline, a failed write or a closed channel), which is what keeps a late response and an
 * expiry from both being delivered.
 */
final class PendingCall implements ResponseFuture {

    private static final VarHandle PERMIT_RELEASED;
    private static final VarHandle CALLBACK_RUN;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PERMIT_RELEASED = lookup.findVarHandle(PendingCall.class, "permitReleased", boolean.class);
            CALLBACK_RUN = lookup.findVarHandle(PendingCall.class, "callbackRun", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Channel channel;
    private final int opaque;
    private final RemotingCommand request;
    private final long timeoutMillis;
    private final long beginTimestamp = System.currentTimeMillis();
    private final long beginNanos = System.nanoTime();
    private final @Nullable InvokeCallback invokeCallback;
    private final InvokeMode mode;
    private final @Nullable Semaphore permits;
    // Flags set once by compare-and-set through handles, rather than two AtomicBoolean objects per call.
    private volatile boolean permitReleased;
    private volatile boolean callbackRun;
    private final CompletableFuture<RemotingCommand> outcome = new CompletableFuture<>();
    private volatile @Nullable RemotingCommand responseCommand;
    private volatile boolean sendRequestOK = true;
    private volatile @Nullable Throwable cause;
    private volatile @Nullable Timeout deadline;

    PendingCall(Channel channel, RemotingCommand request, long timeoutMillis,
            @Nullable InvokeCallback invokeCallback, InvokeMode mode, @Nullable Semaphore permits) {
        this.channel = channel;
        this.opaque = request.getOpaque();
        this.request = request;
        this.timeoutMillis = timeoutMillis;
        this.invokeCallback = invokeCallback;
        this.mode = mode;
        this.permits = permits;
    }

    /**
     * Runs the callback at most once: {@code operationSucceed} or {@code operationFail}, then
     * {@code operationComplete}.
     */
    @Override
    public void executeInvokeCallback() {
        if (invokeCallback == null || !CALLBACK_RUN.compareAndSet(this, false, true)) {
            return;
        }
        try {
            RemotingCommand response = responseCommand;
            if (response != null) {
                invokeCallback.operationSucceed(response);
            } else {
                invokeCallback.operationFail(cause != null ? cause
                        : new RemotingTimeoutException(RemotingHelper.parseChannelRemoteAddr(channel), timeoutMillis));
            }
        } finally {
            invokeCallback.operationComplete(this);
        }
    }

    /** Whether the call has no response and its deadline has passed. */
    @Override
    public boolean isTimeout() {
        return responseCommand == null && System.currentTimeMillis() - beginTimestamp > timeoutMillis;
    }

    /** Returns the response, or {@code null} while there is none (or the call failed). */
    @Override
    public @Nullable RemotingCommand getResponseCommand() {
        return responseCommand;
    }

    @Override
    public boolean isSendRequestOK() {
        return sendRequestOK;
    }

    /** Returns why the call failed, or {@code null} while it has not. */
    @Override
    public @Nullable Throwable getCause() {
        return cause;
    }

    @Override
    public int getOpaque() {
        return opaque;
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
    public Channel getChannel() {
        return channel;
    }

    /** Returns the callback, or {@code null} for a sync call or an async one made without a callback. */
    @Override
    public @Nullable InvokeCallback getInvokeCallback() {
        return invokeCallback;
    }

    /** How the call was made: what its metrics are reported under, whether or not it has a callback. */
    InvokeMode mode() {
        return mode;
    }

    long elapsedNanos() {
        return System.nanoTime() - beginNanos;
    }

    /** Measured on the monotonic clock, so that a wall-clock step cannot expire calls early. */
    boolean isPastDeadline() {
        return elapsedNanos() >= TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    void deadline(Timeout deadline) {
        this.deadline = deadline;
    }

    /** Records the outcome; only the owner that removed this future from the table calls it. */
    void complete(@Nullable RemotingCommand response, @Nullable Throwable failure, boolean sendFailed) {
        Timeout pending = deadline;
        if (pending != null) {
            pending.cancel();
        }
        if (sendFailed) {
            sendRequestOK = false;
        }
        responseCommand = response;
        cause = failure;
        releasePermit();
        if (response != null) {
            outcome.complete(response);
        } else {
            outcome.completeExceptionally(failure);
        }
    }

    void releasePermit() {
        if (permits != null && PERMIT_RELEASED.compareAndSet(this, false, true)) {
            permits.release();
        }
    }

    /** Waits for the outcome; returns {@code null} on timeout. */
    @Nullable RemotingCommand await(long timeoutMillis) throws InterruptedException, ExecutionException {
        try {
            return outcome.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        }
    }

    /** Returns the outcome once it is known. */
    RemotingCommand join() throws ExecutionException, InterruptedException {
        return outcome.get();
    }

    @Override
    public String toString() {
        return "PendingCall[opaque=" + opaque + ", code=" + request.getCode() + ", timeoutMillis=" + timeoutMillis
                + ", channel=" + RemotingHelper.parseChannelRemoteAddr(channel) + "]";
    }
}
