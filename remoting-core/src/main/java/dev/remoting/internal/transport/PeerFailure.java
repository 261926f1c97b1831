package dev.remoting.internal.transport;

import io.netty.channel.Channel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Says in words why a connection failed, for the exception a caller gets and the one log line: "connection refused",
 * "the peer at ADDR answered with HTTP, not the remoting protocol", "TLS handshake with ADDR failed: REASON". A user
 * who pointed a client at the wrong port otherwise sees only a frame length or a closed channel.
 */
public final class PeerFailure {

    /** Why this side closed the connection, when it was for something the peer sent; read when its calls fail. */
    static final AttributeKey<String> REASON = AttributeKey.valueOf(PeerFailure.class, "reason");

    private static final String HTTP_HEX = "48545450"; // "HTTP", as NotSslRecordException dumps it

    private PeerFailure() {
    }

    /** What a peer's first bytes were, when they are not a frame of the remoting protocol. */
    static final class ForeignProtocolException extends CorruptedFrameException {

        private static final long serialVersionUID = 1L;

        private final String protocol;

        ForeignProtocolException(String protocol) {
            super("the peer answered with " + protocol + ", not the remoting protocol");
            this.protocol = protocol;
        }

        String protocol() {
            return protocol;
        }
    }

    /**
     * Why the channel's calls failed, when it can be named: the reason the connection handler closed it for, or its
     * TLS handshake's failure; null otherwise.
     */
    public static @Nullable String reasonClosed(Channel channel, String addr) {
        String reason = channel.hasAttr(REASON) ? channel.attr(REASON).get() : null;
        return reason != null ? reason : handshakeFailed(channel, addr);
    }

    /**
     * Why a request could not be written, when it can be named: the writes waiting for a TLS handshake fail with
     * its failure, or with the closed channel that ended it.
     */
    public static @Nullable String reasonNotSent(Channel channel, String addr, Throwable failure) {
        String reason = tls(addr, failure);
        return reason != null ? reason : handshakeFailed(channel, addr);
    }

    private static @Nullable String handshakeFailed(Channel channel, String addr) {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        Throwable failure = ssl == null ? null : ssl.handshakeFuture().cause();
        if (failure == null) {
            return null;
        }
        String reason = tls(addr, failure);
        return reason != null ? reason : "TLS handshake with " + addr + " failed: "
                + (failure instanceof ClosedChannelException ? "the peer closed the connection" : failure);
    }

    /**
     * Names a failure caught on a connection in words, or returns null when its exception says it well enough: a
     * peer that speaks another protocol (only a client tells, from the first bytes of the answer), a TLS handshake.
     */
    static @Nullable String describe(String addr, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ForeignProtocolException foreign) {
                return "the peer at " + addr + " answered with " + foreign.protocol() + ", not the remoting protocol";
            }
        }
        return tls(addr, failure);
    }

    /** "TLS handshake with ADDR failed: REASON" when the failure was the TLS layer's, else null. */
    public static @Nullable String tls(String addr, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NotSslRecordException notTls) {
                String message = String.valueOf(notTls.getMessage()).toUpperCase(Locale.ROOT);
                return "TLS handshake with " + addr + " failed: the peer answered with "
                        + (message.contains(": " + HTTP_HEX) ? "HTTP" : "plaintext") + ", not TLS";
            }
            if (t instanceof SSLException ssl) {
                return "TLS handshake with " + addr + " failed: " + ssl.getMessage();
            }
        }
        return null;
    }

    /** Why a connect failed, in words: "connection refused" for the common case, else the exception's message. */
    public static String connectFailed(@Nullable Throwable failure) {
        if (failure instanceof ConnectException) {
            String message = String.valueOf(failure.getMessage());
            // Netty's message wraps the OS's ("finishConnect(..) failed with error(-111): Connection refused: /ADDR",
            // on epoll) in details ours need not repeat: the address is already in the exception's message.
            return message.toLowerCase(Locale.ROOT).contains("connection refused") ? "connection refused" : message;
        }
        return failure == null ? "unknown cause" : String.valueOf(failure.getMessage());
    }
}
