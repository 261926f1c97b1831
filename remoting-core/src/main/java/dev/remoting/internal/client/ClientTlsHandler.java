package dev.remoting.internal.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * First handler of a TLS client connection. When the connection is made it knows the address the caller asked
 * for, so it puts in its place an {@link SslHandler} for that host and port, with hostname verification
 * (endpoint identification "HTTPS": the server's certificate must name the host, as a DNS name or IP address)
 * unless it was turned off.
 */
public final class ClientTlsHandler extends ChannelOutboundHandlerAdapter {

    public static final String NAME = "tls";

    private final SslContext sslContext;
    private final boolean verifyHostname;

    public ClientTlsHandler(SslContext sslContext, boolean verifyHostname) {
        this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
        this.verifyHostname = verifyHostname;
    }

    @Override
    public void connect(ChannelHandlerContext ctx, SocketAddress remoteAddress, SocketAddress localAddress,
            ChannelPromise promise) {
        SslHandler ssl;
        if (remoteAddress instanceof InetSocketAddress inet) {
            ssl = sslContext.newHandler(ctx.alloc(), inet.getHostString(), inet.getPort());
        } else {
            ssl = sslContext.newHandler(ctx.alloc());
        }
        // Set either way, so that our setting and not the context's decides: SslContextBuilder.forClient() turns
        // verification on by default in Netty 4.2 and leaves it off in 4.1. Off is the empty string, not null: the
        // JDK's engine ignores a null algorithm and would keep the "HTTPS" a 4.2 context already put there.
        SSLEngine engine = ssl.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm(verifyHostname ? "HTTPS" : "");
        engine.setSSLParameters(parameters);
        // Connect first, then take our place before any other event reaches this pipeline's handlers (they run on
        // this handler's executor, one task at a time): the handshake starts when the connection is up, or at once
        // if it already is.
        ctx.connect(remoteAddress, localAddress, promise);
        ctx.pipeline().replace(this, SslHandler.class.getSimpleName(), ssl);
    }
}
