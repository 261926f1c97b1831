package dev.remoting.internal.transport;

import dev.remoting.RemotingHelper;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers when a connection last carried bytes either way, in the channel attribute
 * {@link RemotingHelper#LAST_ACTIVITY_NANOS}, so that monitoring can show how long each connection has been idle
 * ({@link RemotingHelper#idleMillis}; the idle handler keeps its own times to itself).
 */
final class ChannelActivity extends ChannelDuplexHandler {

    static final String NAME = "activity";

    private final AtomicLong lastActivityNanos = new AtomicLong(System.nanoTime());

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().attr(RemotingHelper.LAST_ACTIVITY_NANOS).set(lastActivityNanos);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // As the pipeline is torn down: a closed channel reads as foreign, as it did when this handler was looked up.
        ctx.channel().attr(RemotingHelper.LAST_ACTIVITY_NANOS).compareAndSet(lastActivityNanos, null);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastActivityNanos.set(System.nanoTime());
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        lastActivityNanos.set(System.nanoTime());
        ctx.write(msg, promise);
    }
}
