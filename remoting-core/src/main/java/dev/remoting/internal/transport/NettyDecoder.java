package dev.remoting.internal.transport;

import dev.remoting.exception.RemotingCommandException;
import dev.remoting.protocol.HeaderLimits;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingCommandCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Frames the stream by its 4-byte length (checked against the limit before any allocation) and decodes each frame
 * within the header limits. The first failure ends decoding on this connection: the rest of the input is discarded
 * and one exception goes up the pipeline, where the connection handler logs it once and closes the channel.
 * <p>
 * It also keeps the clock of an incomplete frame for {@link InputDeadline}: after each read, whether bytes of a frame
 * are left over and since when, noted in fields (one {@code nanoTime} when a frame is left incomplete, none when a
 * read ends on a frame boundary), and whether {@code channelActive} has reached it, which on a server means the
 * PROXY header, if any, is done.
 *
 * <p>On a server each connection has an {@link InboundGate}: a frame takes its full length from the server's inbound
 * budget as soon as its length field arrives (before its body is read), and while the gate is paused nothing more is
 * decoded, not even frames already buffered.
 */
public final class NettyDecoder extends LengthFieldBasedFrameDecoder {

    private final int maxFrameLength;
    private final HeaderLimits headerLimits;
    private final @Nullable InboundGate gate;
    private final boolean clientSide;
    private boolean sniffed;
    private boolean failed;
    private boolean active;
    private boolean frameCompleted;
    private boolean incomplete;
    private long incompleteSinceNanos;
    /** Bytes the frame being received took from the budget; 0 between frames. */
    private long reserved;

    /** @param maxFrameLength largest frame, counting the length field itself, as RocketMQ counts it */
    public NettyDecoder(int maxFrameLength) {
        this(maxFrameLength, HeaderLimits.NONE);
    }

    /**
     * @param maxFrameLength largest frame, counting the length field itself, as RocketMQ counts it
     * @param headerLimits largest header and most extFields entries of a frame
     */
    public NettyDecoder(int maxFrameLength, HeaderLimits headerLimits) {
        this(maxFrameLength, headerLimits, null);
    }

    /** @param gate the connection's limits on a server; null for none */
    public NettyDecoder(int maxFrameLength, HeaderLimits headerLimits, @Nullable InboundGate gate) {
        this(maxFrameLength, headerLimits, gate, false);
    }

    /**
     * @param gate the connection's limits on a server; null for none
     * @param clientSide whether the first bytes are a server's answer, which are judged for what a server of another
     *     protocol answers (HTTP, TLS), not for what a client of one sends
     */
    public NettyDecoder(int maxFrameLength, HeaderLimits headerLimits, @Nullable InboundGate gate,
            boolean clientSide) {
        super(maxFrameLength, 0, 4, 0, 4);
        this.maxFrameLength = maxFrameLength;
        this.headerLimits = headerLimits;
        this.gate = gate;
        this.clientSide = clientSide;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        if (gate != null) {
            gate.attach(this, ctx);
        }
        super.handlerAdded(ctx);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        active = true;
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        try {
            super.channelRead(ctx, msg);
        } finally {
            if (actualReadableBytes() == 0) {
                incomplete = false;
            } else if (!incomplete || frameCompleted) {
                // The bytes left over start a frame that began in this read.
                incomplete = true;
                incompleteSinceNanos = System.nanoTime();
            }
            frameCompleted = false;
        }
    }

    /** Whether {@code channelActive} has reached this handler; the server's PROXY handling holds it back. */
    boolean isActive() {
        return active;
    }

    /** Whether a frame has begun and not ended; only for the thread this handler runs on. */
    boolean hasIncompleteFrame() {
        return incomplete;
    }

    /** The {@link System#nanoTime} of the read that brought the first bytes of the incomplete frame. */
    long incompleteSinceNanos() {
        return incompleteSinceNanos;
    }

    /** How many bytes of the incomplete frame have arrived. */
    int incompleteBytes() {
        return actualReadableBytes();
    }

    /** Restarts the incomplete frame's clock: while this side does not read, the peer cannot finish it. */
    void restartClock(long nowNanos) {
        incompleteSinceNanos = nowNanos;
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
            checkHeaderLength(in);
            if (gate != null && (gate.isPaused() || (reserved == 0 && !admit(in)))) {
                return null;
            }
            ByteBuf frame = (ByteBuf) super.decode(ctx, in);
            if (frame == null) {
                return null;
            }
            frameCompleted = true;
            RemotingCommand command;
            try {
                command = RemotingCommandCodec.decode(frame, headerLimits);
            } finally {
                frame.release();
            }
            if (gate != null) {
                gate.decoded(reserved, !command.isResponseType());
                reserved = 0;
            }
            return command;
        } catch (RemotingCommandException | RuntimeException e) {
            failed = true;
            giveBack();
            in.skipBytes(in.readableBytes());
            throw e instanceof DecoderException de ? de : new DecoderException(e.getMessage(), e);
        }
    }

    /**
     * Fails a frame whose header-length word (right after its length word; every call starts at a frame's first
     * byte, since the first failure ends decoding) announces a header over the limit, as soon as that word arrives:
     * the rest of the frame is then neither waited for nor buffered. The checks that come first in the codec's order
     * (docs/protocol.md §2: frame length, header within the frame) are left to the frame decoder and the codec, which
     * also checks the limit again for its other callers.
     */
    private void checkHeaderLength(ByteBuf in) {
        if (in.readableBytes() < 8) {
            return;
        }
        int length = in.getInt(in.readerIndex());
        if (length >= 4 && length <= maxFrameLength - 4) {
            int headerLength = in.getInt(in.readerIndex() + 4) & RemotingCommandCodec.MAX_HEADER_LENGTH;
            if (headerLength > headerLimits.maxHeaderLength() && headerLength <= length - 4) {
                throw new CorruptedFrameException("decode error, header of " + headerLength + " bytes exceeds the "
                        + headerLimits.maxHeaderLength() + "-byte header limit");
            }
        }
    }

    /**
     * Takes room in the budget for the frame whose length field is at the reader index; returns false while the
     * length field is incomplete or the connection has to wait for room. A frame over the frame limit takes nothing:
     * the frame decoder rejects it next.
     */
    private boolean admit(ByteBuf in) {
        InboundGate g = gate;
        if (g == null || in.readableBytes() < 4) {
            return g == null;
        }
        long frameLength = in.getUnsignedInt(in.readerIndex()) + 4;
        if (frameLength > maxFrameLength) {
            return true;
        }
        if (frameLength > g.budgetLimit()) {
            throw new TooLongFrameException("a frame of " + frameLength + " bytes can never fit the "
                    + g.budgetLimit() + "-byte inbound budget");
        }
        if (!g.admit(frameLength)) {
            return false;
        }
        reserved = frameLength;
        return true;
    }

    private void giveBack() {
        if (gate != null && reserved > 0) {
            gate.giveBack(reserved);
            reserved = 0;
        }
    }

    /** Decodes what is buffered after reading was paused; on the decoder's thread. */
    void reprocess(ChannelHandlerContext ctx) {
        if (ctx.isRemoved() || !ctx.channel().isActive() || !internalBuffer().isReadable()) {
            return;
        }
        try {
            channelRead(ctx, Unpooled.EMPTY_BUFFER);
        } catch (Exception e) {
            ctx.fireExceptionCaught(e);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (gate != null && gate.isPaused()) {
            // ByteToMessageDecoder asks for another read when autoRead is off and this read decoded nothing, to make
            // progress on a partial frame; a paused connection must not be read from.
            discardSomeReadBytes();
            ctx.fireChannelReadComplete();
            return;
        }
        super.channelReadComplete(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        giveBack();
        if (gate != null) {
            gate.released(gate.takeDecodedBytes());
        }
        super.handlerRemoved0(ctx);
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
        if (clientSide) {
            sniffAnswer(in, first, start);
            return true;
        }
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

    /**
     * Names what a server of another protocol answered: an HTTP response, a TLS record (a TLS server's alert to our
     * plaintext), or a first length no frame of ours can have. Anything else is left to the frame decoder.
     */
    private void sniffAnswer(ByteBuf in, int first, String start) {
        int second = in.getUnsignedByte(in.readerIndex() + 1);
        if (start.equals("HTTP")) {
            throw new PeerFailure.ForeignProtocolException("HTTP");
        }
        if ((first == 0x15 || first == 0x16 || first == 0x17) && second == 0x03) {
            throw new PeerFailure.ForeignProtocolException("TLS");
        }
        if (start.equals("SSH-")) {
            throw new PeerFailure.ForeignProtocolException("SSH");
        }
        if (in.getUnsignedInt(in.readerIndex()) + 4 > maxFrameLength) {
            throw new PeerFailure.ForeignProtocolException("bytes that are not a frame (they start "
                    + ByteBufUtil.hexDump(in, in.readerIndex(), 4) + ")");
        }
    }
}
