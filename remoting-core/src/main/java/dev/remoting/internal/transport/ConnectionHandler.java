package dev.remoting.internal.transport;

import dev.remoting.NettyEventType;
import dev.remoting.RemotingHelper;
import dev.remoting.internal.call.RemotingEndpoint;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Connection life cycle for one side: publishes events, closes idle or failed connections with one clear log line,
 * fails the calls pending on a channel the moment it closes; on a server, stops reading from a peer while the
 * connection to it cannot take more writes, and closes it when more than the limit of bytes waits to be sent to it.
 * A connection whose input stayed incomplete past its budget (a frame or handshake, see {@link InputDeadline}, or a
 * TLS handshake) is closed as idle, with a log line throttled per side: a peer can cause any number of them.
 */
@ChannelHandler.Sharable
public final class ConnectionHandler extends ChannelDuplexHandler {

    /** A server connection's limits; absent on a client. */
    public static final AttributeKey<InboundGate> GATE = AttributeKey.valueOf(ConnectionHandler.class, "gate");

    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);

    private final RemotingEndpoint endpoint;
    private final boolean clientSide;
    private final long maxPendingOutbound;
    // A peer can open connections and break them at will: one line per interval for each kind.
    private final LogThrottle malformed = new LogThrottle();
    private final LogThrottle failed = new LogThrottle();
    private final LogThrottle foreign = new LogThrottle();
    private final LogThrottle slowReaders = new LogThrottle();
    private final LogThrottle incompleteInputLog = new LogThrottle();
    private final LogThrottle idleLog = new LogThrottle();

    /** @param maxPendingOutbound bytes waiting to be sent above which a connection is closed; 0 for no limit */
    ConnectionHandler(RemotingEndpoint endpoint, boolean clientSide, long maxPendingOutbound) {
        this.endpoint = endpoint;
        this.clientSide = clientSide;
        this.maxPendingOutbound = maxPendingOutbound;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (maxPendingOutbound > 0) {
            ChannelOutboundBuffer pending = ctx.channel().unsafe().outboundBuffer();
            long bytes = pending == null ? 0 : pending.totalPendingWriteBytes();
            if (bytes > maxPendingOutbound) {
                // Reading stopped at the high-water mark, but the requests already read keep being answered: a peer
                // that never reads would make the server hold their answers for ever.
                slowReaders.log(log, Level.WARN, "closing connection {}: {} bytes wait to be sent to it, more than "
                        + "the {}-byte limit (maxPendingOutboundBytes); the peer does not read",
                        RemotingHelper.parseChannelRemoteAddr(ctx.channel()), bytes, maxPendingOutbound);
                promise.tryFailure(new IOException("connection closed: more than " + maxPendingOutbound
                        + " bytes wait to be sent to a peer that does not read"));
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void connect(ChannelHandlerContext ctx, SocketAddress remoteAddress, SocketAddress localAddress,
            ChannelPromise promise) throws Exception {
        promise.addListener(f -> {
            if (f.isSuccess()) {
                endpoint.publish(NettyEventType.CONNECT, ctx.channel());
            }
        });
        super.connect(ctx, remoteAddress, localAddress, promise);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        endpoint.publish(clientSide ? NettyEventType.ACTIVE : NettyEventType.CONNECT, ctx.channel());
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        endpoint.channelClosed(ctx.channel());
        endpoint.publish(NettyEventType.CLOSE, ctx.channel());
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.ALL_IDLE) {
            idleLog.log(log, Level.INFO, "closing idle connection {}",
                    RemotingHelper.parseChannelRemoteAddr(ctx.channel()));
            endpoint.publish(NettyEventType.IDLE, ctx.channel());
            ctx.close();
            return;
        }
        if (evt instanceof InputDeadline.IncompleteInput incomplete) {
            closeIncomplete(ctx, incomplete);
            return;
        }
        if (evt instanceof SslHandshakeCompletionEvent tls && tls.cause() instanceof SslHandshakeTimeoutException) {
            // The SslHandler closes the connection itself; this names why, and reports it as the other budgets do.
            closeIncomplete(ctx, tls.cause().getMessage());
        }
        super.userEventTriggered(ctx, evt);
    }

    private void closeIncomplete(ChannelHandlerContext ctx, Object reason) {
        incompleteInputLog.log(log, Level.WARN, "closing connection {}: {}",
                RemotingHelper.parseChannelRemoteAddr(ctx.channel()), reason);
        endpoint.publish(NettyEventType.IDLE, ctx.channel());
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String addr = RemotingHelper.parseChannelRemoteAddr(ctx.channel());
        // A client names what it was answered with, and either side a TLS failure: neither is "malformed input".
        String reason = PeerFailure.describe(addr, cause);
        if (reason != null) {
            // Read when the channel's calls fail, so that each caller's exception says it too.
            ctx.channel().attr(PeerFailure.REASON).setIfAbsent(reason);
        }
        if (ctx.channel().eventLoop().isShuttingDown()) {
            // Late events of a connection torn down by shutdown: expected, not worth a warning.
            log.debug("connection {} failed during shutdown: {}", addr, String.valueOf(cause));
        } else if (reason != null) {
            foreign.log(log, Level.WARN, "closing connection {}: {}", addr, reason);
        } else if (cause instanceof DecoderException) {
            malformed.log(log, Level.WARN, "closing connection {}: malformed input: {}", addr, cause.getMessage());
        } else {
            failed.log(log, Level.WARN, "closing connection {}: {}", addr, String.valueOf(cause));
        }
        endpoint.publish(NettyEventType.EXCEPTION, ctx.channel());
        ctx.close();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        // A server stops reading from a peer it cannot write to, so that its requests do not pile up unanswered.
        // A client never does: reading responses is what lets the server drain, and two sides that both stopped
        // reading would wait for each other until the idle timeout.
        if (clientSide) {
            super.channelWritabilityChanged(ctx);
            return;
        }
        boolean writable = ctx.channel().isWritable();
        InboundGate gate = ctx.channel().attr(GATE).get();
        if (gate != null) {
            gate.writabilityChanged(writable);
        } else {
            ctx.channel().config().setAutoRead(writable);
        }
        if (!writable) {
            log.debug("connection {} is unwritable; reading paused",
                    RemotingHelper.parseChannelRemoteAddr(ctx.channel()));
        }
        super.channelWritabilityChanged(ctx);
    }
}
