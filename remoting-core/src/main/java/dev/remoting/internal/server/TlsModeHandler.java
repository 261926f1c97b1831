package dev.remoting.internal.server;

import dev.remoting.netty.TlsMode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Decides, from the first byte of a server connection (after any PROXY header), whether it speaks TLS, as RocketMQ's
 * {@code TlsModeHandler}: a TLS handshake record ({@code 0x16}) gets an {@link SslHandler} in PERMISSIVE and
 * ENFORCING mode and is refused in DISABLED mode; anything else is refused in ENFORCING mode and served in plaintext
 * otherwise. A refusal closes the connection with a log line that names the reason ("TLS handshake on a port with
 * TLS disabled", "plaintext connection refused: TLS is enforced"). Otherwise the handler then removes itself. The
 * {@code SslHandler}'s handshake gets the server's handshake budget ({@code handshakeTimeoutMillis}) as its timeout.
 */
public final class TlsModeHandler extends ByteToMessageDecoder {

    public static final String NAME = "tls-mode";
    static final String SSL_NAME = "ssl";

    private static final int HANDSHAKE_RECORD = 0x16;

    private final TlsMode mode;
    private final @Nullable SslContext sslContext;
    private final @Nullable EventExecutorGroup group;
    private final int handshakeTimeoutMillis;
    private boolean refused;

    /**
     * @param group the executor group of the pipeline's handlers, or null for the event loop
     * @param handshakeTimeoutMillis the TLS handshake's timeout; 0 keeps Netty's (10 s)
     */
    public TlsModeHandler(TlsMode mode, @Nullable SslContext sslContext, @Nullable EventExecutorGroup group,
            int handshakeTimeoutMillis) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.sslContext = sslContext;
        this.group = group;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (refused) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (!in.isReadable() || ctx.isRemoved()) {
            return;
        }
        boolean tls = in.getUnsignedByte(in.readerIndex()) == HANDSHAKE_RECORD;
        if (tls && mode == TlsMode.DISABLED) {
            refuse(in, "TLS handshake on a port with TLS disabled");
            return;
        }
        if (!tls && mode == TlsMode.ENFORCING) {
            refuse(in, "plaintext connection refused: TLS is enforced");
            return;
        }
        if (tls) {
            SslHandler ssl = sslContext.newHandler(ctx.alloc());
            if (handshakeTimeoutMillis > 0) {
                ssl.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
            }
            ctx.pipeline().addAfter(group, ctx.name(), SSL_NAME, ssl);
        }
        ctx.pipeline().remove(this);
    }

    /**
     * Discards the input and raises the reason as a decoder failure, so that the connection handler logs it like
     * any other unusable input ("closing connection ...: malformed input: reason"), publishes EXCEPTION and closes.
     */
    private void refuse(ByteBuf in, String reason) {
        refused = true;
        in.skipBytes(in.readableBytes());
        throw new CorruptedFrameException(reason);
    }
}
