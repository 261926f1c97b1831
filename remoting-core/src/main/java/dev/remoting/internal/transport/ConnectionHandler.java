package dev.remoting.internal.transport;

import dev.remoting.NettyEventType;
import dev.remoting.RemotingHelper;
import dev.remoting.internal.call.RemotingEndpoint;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Connection life cycle for one side: publishes events, closes idle or failed connections with one clear log line,
 * fails the calls pending on a channel the moment it closes, and stops reading from a peer while the connection to
 * it cannot take more writes. A connection whose input stayed incomplete past its budget (a frame or handshake, see
 * {@link InputDeadline}, or a TLS handshake) is closed as idle, with a log line throttled per side: a peer can cause
 * any number of them.
 */
@ChannelHandler.Sharable
public final class ConnectionHandler extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);

    private final RemotingEndpoint endpoint;
    private final boolean clientSide;
    private final LogThrottle incompleteInputLog = new LogThrottle();

    ConnectionHandler(RemotingEndpoint endpoint, boolean clientSide) {
        this.endpoint = endpoint;
        this.clientSide = clientSide;
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
            log.info("closing idle connection {}", RemotingHelper.parseChannelRemoteAddr(ctx.channel()));
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
        if (ctx.channel().eventLoop().isShuttingDown()) {
            // Late events of a connection torn down by shutdown: expected, not worth a warning.
            log.debug("connection {} failed during shutdown: {}", addr, String.valueOf(cause));
        } else if (cause instanceof DecoderException) {
            log.warn("closing connection {}: malformed input: {}", addr, cause.getMessage());
        } else {
            log.warn("closing connection {}: {}", addr, String.valueOf(cause));
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
        ctx.channel().config().setAutoRead(writable);
        if (!writable) {
            log.debug("connection {} is unwritable; reading paused",
                    RemotingHelper.parseChannelRemoteAddr(ctx.channel()));
        }
        super.channelWritabilityChanged(ctx);
    }
}
