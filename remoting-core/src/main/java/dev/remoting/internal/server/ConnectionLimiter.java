package dev.remoting.internal.server;

import dev.remoting.RemotingHelper;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import dev.remoting.internal.transport.LogThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Caps the number of open connections of one server. Sits in the listening channel's pipeline, ahead of
 * Netty's acceptor, so connections are judged on the acceptor thread in the order they were accepted (the newest
 * one is refused, whichever worker loop it would have gone to). A connection over the cap is closed before it is
 * registered or any handler sees it (so it raises no channel event), and counted.
 */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final LogThrottle warnings = new LogThrottle();

    /** @param max the most connections open at once; 0 or less means no limit */
    public ConnectionLimiter(int max) {
        this.max = max;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Channel child) || admit(child)) {
            ctx.fireChannelRead(msg);
        }
    }

    /** Admits the channel, or closes and counts it when the server is full. */
    boolean admit(Channel channel) {
        if (max <= 0) {
            return true;
        }
        while (true) {
            int current = open.get();
            if (current >= max) {
                refuse(channel);
                return false;
            }
            if (open.compareAndSet(current, current + 1)) {
                channel.closeFuture().addListener(f -> open.decrementAndGet());
                return true;
            }
        }
    }

    private void refuse(Channel channel) {
        long count = refused.incrementAndGet();
        warnings.log(log, Level.WARN, "refusing connection {}: the server already has {} connections "
                + "(maxConnections); {} refused so far", RemotingHelper.parseSocketAddress(channel.remoteAddress()),
                max, count);
        // Not yet registered with an event loop, so there is no pipeline to close through.
        channel.unsafe().closeForcibly();
    }

    public long refusedCount() {
        return refused.get();
    }
}
