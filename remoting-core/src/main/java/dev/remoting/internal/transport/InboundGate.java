package dev.remoting.internal.transport;

import dev.remoting.RemotingResponses;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One server connection's share of the limits: its requests received and not yet answered, the bytes its frames and
 * requests hold in the server's {@link InboundBudget}, and why reading from it is paused. Reading stops (autoRead
 * off, and the decoder leaves frames it already buffered alone) while any of three holds: the connection cannot take
 * more writes, it has too many requests in flight, or its next frame waits for room in the budget. It resumes when
 * none does.
 *
 * <p>The pause state changes only on the decoder's thread; requests finish on any thread, with two atomic updates
 * (budget and in-flight count) and a task for the decoder's thread only when the count falls to the resume mark.
 */
public final class InboundGate {

    private static final int UNWRITABLE = 1;
    private static final int IN_FLIGHT = 2;
    private static final int BUDGET = 4;

    private final Channel channel;
    private final InboundBudget budget;
    private final int maxInFlight;
    private final int resumeInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Runnable resumeAfterInFlight = () -> resumeIf(IN_FLIGHT, underResumeMark());
    private final Runnable resumeAfterBudget = () -> resume(BUDGET);
    private final Runnable reprocess = this::reprocess;
    private final ChannelFutureListener answeredWhenWritten = future -> {
        answered();
        if (!future.isSuccess()) {
            RemotingResponses.logWriteFailure(future);
        }
    };
    private volatile int paused;
    private volatile long wanted;
    /** Bytes of frames the decoder handed on and the command handler has not yet taken; decoder's thread only. */
    private long handedOn;
    private volatile @Nullable NettyDecoder decoder;
    private volatile @Nullable ChannelHandlerContext decoderContext;

    InboundGate(Channel channel, InboundBudget budget, int maxInFlight) {
        this.channel = channel;
        this.budget = budget;
        this.maxInFlight = maxInFlight;
        this.resumeInFlight = maxInFlight / 2;
    }

    private boolean underResumeMark() {
        return inFlight.get() <= resumeInFlight;
    }

    void attach(NettyDecoder decoder, ChannelHandlerContext context) {
        this.decoder = decoder;
        this.decoderContext = context;
    }

    long budgetLimit() {
        return budget.limit();
    }

    /** Whether reading is paused for any reason: the decoder then decodes nothing more. */
    boolean isPaused() {
        return paused != 0;
    }

    /**
     * Takes room for a frame of {@code frameLength} bytes whose length field just arrived. When there is none, reading
     * pauses until there is, and this returns false. A small frame gets in anyway while the connection holds nothing
     * else: so that any connection can always get a request through (see {@link InboundBudget#SMALL_FRAME}).
     */
    boolean admit(long frameLength) {
        if (budget.tryTake(frameLength)) {
            return true;
        }
        if (frameLength <= InboundBudget.SMALL_FRAME && inFlight.get() == 0 && handedOn == 0) {
            budget.force(frameLength);
            return true;
        }
        wanted = frameLength;
        pause(BUDGET);
        budget.await(this);
        return false;
    }

    /** Gives back what a frame took whose decoding failed or whose connection closed before it was complete. */
    void giveBack(long bytes) {
        budget.release(bytes);
    }

    /** Records a decoded frame of {@code bytes}; a request also counts as in flight until it is answered. */
    void decoded(long bytes, boolean request) {
        handedOn += bytes;
        if (request && inFlight.incrementAndGet() >= maxInFlight) {
            pause(IN_FLIGHT);
            // Requests may have finished between the increment and the pause, without seeing the pause.
            resumeIf(IN_FLIGHT, underResumeMark());
        }
    }

    /** Returns the bytes of the frames decoded since the last call, for the command the handler just received. */
    public long takeDecodedBytes() {
        long bytes = handedOn;
        handedOn = 0;
        return bytes;
    }

    /** Gives back the bytes of a command that needs no processing (a response to this server's own call). */
    public void released(long bytes) {
        budget.release(bytes);
    }

    /** A request was processed (or refused, or dropped): gives its bytes back. Any thread. */
    public void processed(long bytes) {
        budget.release(bytes);
    }

    /**
     * A request is answered: its response left (or failed to), or it gets none. Counts it out of the in-flight
     * requests. Any thread.
     */
    public void answered() {
        if (inFlight.decrementAndGet() == resumeInFlight && (paused & IN_FLIGHT) != 0) {
            runOnDecoderThread(resumeAfterInFlight);
        }
    }

    /**
     * Calls {@link #answered()} when the write of a response completes: a request counts as in flight until its
     * answer has left, so that the answers to a peer that does not read count against its in-flight limit.
     */
    public ChannelFutureListener answeredWhenWritten() {
        return answeredWhenWritten;
    }

    /** Returns the requests of this connection received and not yet answered. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The connection's writability changed; on the decoder's thread. */
    void writabilityChanged(boolean writable) {
        if (writable) {
            resume(UNWRITABLE);
        } else {
            pause(UNWRITABLE);
        }
    }

    long wantedBytes() {
        return wanted;
    }

    boolean isOpen() {
        return channel.isActive();
    }

    /** The budget has room for the frame this connection waits for; any thread. */
    void wake() {
        runOnDecoderThread(resumeAfterBudget);
    }

    private void pause(int reason) {
        paused |= reason;
        channel.config().setAutoRead(false);
    }

    private void resumeIf(int reason, boolean condition) {
        if (condition) {
            resume(reason);
        }
    }

    private void resume(int reason) {
        if ((paused & reason) == 0) {
            return;
        }
        paused &= ~reason;
        if (paused == 0) {
            channel.config().setAutoRead(true);
            // Frames that arrived before the pause are still buffered: decode them without waiting for more bytes.
            runOnDecoderThread(reprocess);
        }
    }

    private void reprocess() {
        NettyDecoder d = decoder;
        ChannelHandlerContext context = decoderContext;
        if (d != null && context != null && paused == 0) {
            d.reprocess(context);
        }
    }

    private void runOnDecoderThread(Runnable task) {
        ChannelHandlerContext context = decoderContext;
        if (context == null) {
            return;
        }
        try {
            context.executor().execute(task);
        } catch (RejectedExecutionException e) {
            // shutting down: the connection is closing with its thread
        }
    }
}
