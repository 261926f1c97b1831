package dev.remoting.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.TimeUnit;

/**
 * Remembers when a connection last carried bytes either way, so that monitoring can show how long each
 * connection has been idle (the idle handler keeps its own times to itself).
 */
public final class ChannelActivity extends ChannelDuplexHandler {

    static final String NAME = "activity";

    private volatile long lastActivityNanos = System.nanoTime();

    ChannelActivity() {
    }

    /** Returns the milliseconds since the channel last read or wrote, or -1 for a foreign channel. */
    public static long idleMillis(Channel channel) {
        ChannelActivity activity = channel.pipeline().get(ChannelActivity.class);
        return activity == null ? -1 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - activity.lastActivityNanos);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastActivityNanos = System.nanoTime();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        lastActivityNanos = System.nanoTime();
        ctx.write(msg, promise);
    }
}
