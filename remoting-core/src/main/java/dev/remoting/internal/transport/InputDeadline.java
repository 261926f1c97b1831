package dev.remoting.internal.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Closes a connection whose input stays incomplete for too long: a handshake (the server's PROXY header) not done
 * within {@code handshakeTimeoutMillis} of the connection's first byte, or a frame not done within
 * {@code frameTimeoutMillis} of its own first byte. The idle handler cannot see either, as it counts only complete
 * commands. On expiry it fires an {@link IncompleteInput} event down the pipeline, through the server's handshake
 * handlers (which then report CONNECT first) to the connection handler, which logs it (throttled), raises IDLE and
 * closes.
 * <p>
 * Sits ahead of the handshake handlers, to see the first byte, on the executor of the decoder, whose clock of the
 * incomplete frame it reads. The read path only notes times in fields; a single task per connection, on a coarse
 * tick (a quarter of the shorter budget, between 10 ms and 1 s), compares them with the budgets: nothing is
 * allocated or scheduled per frame, and a connection is closed between one budget and a budget plus a tick after
 * its input stalled. Time during which this side has stopped reading (back-pressure, see
 * {@link ConnectionHandler}) does not count: the peer could not have finished meanwhile.
 */
final class InputDeadline extends ChannelInboundHandlerAdapter {

    static final String NAME = "input-deadline";

    private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long handshakeNanos;
    private final long frameNanos;
    private final long tickNanos;
    private final NettyDecoder decoder;
    private boolean sawFirstByte;
    private long firstByteNanos;
    private boolean expired;
    private @Nullable ScheduledFuture<?> tick;

    /**
     * @param handshakeTimeoutMillis budget of the handshake from the first byte; 0 for none
     * @param frameTimeoutMillis budget of each frame from its first byte; 0 for none
     * @param decoder the decoder of the same connection, on the same executor
     */
    InputDeadline(int handshakeTimeoutMillis, int frameTimeoutMillis, NettyDecoder decoder) {
        this.handshakeNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, handshakeTimeoutMillis));
        this.frameNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, frameTimeoutMillis));
        long shorter = handshakeNanos == 0 ? frameNanos : frameNanos == 0 ? handshakeNanos
                : Math.min(handshakeNanos, frameNanos);
        this.tickNanos = Math.max(MIN_TICK_NANOS, Math.min(MAX_TICK_NANOS, shorter / 4));
        this.decoder = decoder;
    }

    /** Whether either budget is set, so that the handler is worth adding. */
    static boolean wanted(int handshakeTimeoutMillis, int frameTimeoutMillis) {
        return handshakeTimeoutMillis > 0 || frameTimeoutMillis > 0;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    private void start(ChannelHandlerContext ctx) {
        if (tick == null && !expired) {
            tick = ctx.executor().scheduleAtFixedRate(() -> check(ctx), tickNanos, tickNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!sawFirstByte) {
            sawFirstByte = true;
            firstByteNanos = System.nanoTime();
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    private void stop() {
        expired = true;
        ScheduledFuture<?> task = tick;
        if (task != null) {
            tick = null;
            task.cancel(false);
        }
    }

    private void check(ChannelHandlerContext ctx) {
        if (expired || !ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        boolean handshaking = sawFirstByte && !decoder.isActive();
        if (!ctx.channel().config().isAutoRead()) {
            // Not reading: the peer cannot finish, so its clocks start again when reading resumes.
            firstByteNanos = now;
            decoder.restartClock(now);
            return;
        }
        if (handshakeNanos > 0 && handshaking && now - firstByteNanos >= handshakeNanos) {
            expire(ctx, new IncompleteInput("handshake (PROXY header)", handshakeNanos, -1));
        } else if (frameNanos > 0 && decoder.hasIncompleteFrame()
                && now - decoder.incompleteSinceNanos() >= frameNanos) {
            expire(ctx, new IncompleteInput("frame", frameNanos, decoder.incompleteBytes()));
        }
    }

    private void expire(ChannelHandlerContext ctx, IncompleteInput event) {
        stop();
        ctx.fireUserEventTriggered(event);
    }

    /**
     * The event that a connection's input stayed incomplete past its budget; handled by {@link ConnectionHandler}.
     *
     * @param what what was incomplete: "frame" or the handshake
     * @param budgetNanos the budget that ran out
     * @param bytes bytes of the incomplete frame received, or -1 when not known
     */
    record IncompleteInput(String what, long budgetNanos, int bytes) {

        @Override
        public String toString() {
            return what + " not complete within " + TimeUnit.NANOSECONDS.toMillis(budgetNanos) + "ms"
                    + (bytes >= 0 ? " (" + bytes + " bytes received)" : "");
        }
    }
}
