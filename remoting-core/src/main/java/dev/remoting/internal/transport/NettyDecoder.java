package dev.remoting.internal.transport;

import dev.remoting.exception.RemotingCommandException;
import dev.remoting.protocol.RemotingCommandCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Frames the stream by its 4-byte length (checked against the limit before any allocation) and decodes each frame.
 * The first failure ends decoding on this connection: the rest of the input is discarded and one exception goes up
 * the pipeline, where the connection handler logs it once and closes the channel.
 */
public final class NettyDecoder extends LengthFieldBasedFrameDecoder {

    private boolean sniffed;
    private boolean failed;

    /** @param maxFrameLength largest frame, counting the length field itself, as RocketMQ counts it */
    public NettyDecoder(int maxFrameLength) {
        super(maxFrameLength, 0, 4, 0, 4);
    }

    @Override
    protected @Nullable Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return null;
        }
        try {
            if (!sniffed) {
                if (!sniffForeignProtocol(in)) {
                    return null;
                }
            }
            ByteBuf frame = (ByteBuf) super.decode(ctx, in);
            if (frame == null) {
                return null;
            }
            try {
                return RemotingCommandCodec.decode(frame);
            } finally {
                frame.release();
            }
        } catch (RemotingCommandException | RuntimeException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e instanceof DecoderException de ? de : new DecoderException(e.getMessage(), e);
        }
    }

    /**
     * Recognises protocols that are not ours on a connection's first bytes, so the log says "TLS handshake on a
     * plaintext port" instead of a puzzling frame length. Returns false while more bytes are needed.
     */
    private boolean sniffForeignProtocol(ByteBuf in) {
        if (!in.isReadable()) {
            return false;
        }
        // A real frame's first byte is 0 for any frame under 16 MiB; only a non-zero one needs a closer look.
        if (in.getByte(in.readerIndex()) == 0) {
            sniffed = true;
            return true;
        }
        if (in.readableBytes() < 4) {
            return false;
        }
        sniffed = true;
        int first = in.getUnsignedByte(in.readerIndex());
        String start = in.toString(in.readerIndex(), 4, StandardCharsets.US_ASCII);
        if (first == 0x16 && in.getByte(in.readerIndex() + 1) == 0x03) {
            throw new CorruptedFrameException("a TLS handshake arrived on a plaintext port; enable TLS on this "
                    + "connection or connect without it");
        }
        if (start.equals("PRI ")) {
            throw new CorruptedFrameException("an HTTP/2 preface arrived: this port speaks the remoting protocol, "
                    + "not HTTP/2 or gRPC");
        }
        if (start.equals("GET ") || start.equals("POST") || start.equals("HEAD") || start.equals("PUT ")
                || start.equals("OPTI") || start.equals("DELE")) {
            throw new CorruptedFrameException("an HTTP request arrived: this port speaks the remoting protocol, "
                    + "not HTTP");
        }
        return true;
    }
}
