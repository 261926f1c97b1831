package dev.remoting.internal.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Netty's idle detection placed behind the decoder, as RocketMQ places it: it sees decoded commands coming in and
 * commands going out, never raw bytes, so a peer that trickles bytes without completing a frame is idle. Its event
 * starts again from the head of the pipeline, so that it passes the server's handshake handlers, which then let a
 * connection that never finished its handshake report CONNECT before IDLE.
 */
final class CommandIdleHandler extends IdleStateHandler {

    static final String NAME = "idle";

    CommandIdleHandler(int idleSeconds) {
        super(0, 0, idleSeconds, TimeUnit.SECONDS);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        ctx.pipeline().fireUserEventTriggered(evt);
    }
}
