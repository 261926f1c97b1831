package dev.remoting.netty;

import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingCommandCodec;
import dev.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToByteEncoder;
import java.util.Map;

/**
 * Writes each command as one frame into one buffer, sized up front so that it is rarely reallocated. A frame larger
 * than this side's frame limit is refused here, failing only its own call: sent, it would make the peer close a
 * connection that other calls share.
 */
@ChannelHandler.Sharable
final class NettyEncoder extends MessageToByteEncoder<RemotingCommand> {

    /** Room for the fixed part of a header; extFields and a custom header add their own estimates. */
    private static final int HEADER_ESTIMATE = 128;

    private final SerializeType defaultType;
    private final int maxFrameLength;

    NettyEncoder(SerializeType defaultType, int maxFrameLength) {
        super(RemotingCommand.class);
        this.defaultType = defaultType;
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RemotingCommand msg, boolean preferDirect) {
        int size = estimateFrameSize(msg);
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RemotingCommand msg, ByteBuf out) {
        encodeInto(msg, out);
    }

    /**
     * Encodes {@code msg} as one frame into a new buffer that the caller then owns, for writers that encode on their
     * own thread; failures are {@link EncoderException}s, as they would be from the pipeline.
     */
    ByteBuf encodeFrame(ByteBufAllocator alloc, RemotingCommand msg) {
        ByteBuf out = null;
        try {
            out = alloc.ioBuffer(estimateFrameSize(msg));
            encodeInto(msg, out);
            return out;
        } catch (Throwable e) {
            // Errors too (no direct memory for the frame): the pipeline's encoder turns every failure into a failed
            // write, and callers rely on that to give back permits and fail the call once.
            if (out != null) {
                out.release();
            }
            throw e instanceof EncoderException encoderException ? encoderException : new EncoderException(e);
        }
    }

    private int estimateFrameSize(RemotingCommand msg) {
        byte[] body = msg.getBody();
        int bodyLength = body == null ? 0 : body.length;
        if (bodyLength > maxFrameLength) {
            throw tooLarge(msg, bodyLength);
        }
        Map<String, String> extFields = msg.getExtFields();
        return HEADER_ESTIMATE + bodyLength + (extFields == null ? 0 : extFields.size() * 48)
                + (msg.readCustomHeader() == null ? 0 : 256) + (msg.getRemark() == null ? 0 : msg.getRemark().length());
    }

    private void encodeInto(RemotingCommand msg, ByteBuf out) {
        int start = out.writerIndex();
        RemotingCommandCodec.encode(msg, defaultType, out);
        int frameLength = out.writerIndex() - start;
        if (frameLength > maxFrameLength) {
            throw tooLarge(msg, frameLength);
        }
    }

    private EncoderException tooLarge(RemotingCommand msg, int length) {
        return new EncoderException("command " + msg.getCode() + " (opaque " + msg.getOpaque() + ") needs a frame of "
                + length + " bytes, more than the " + maxFrameLength + "-byte frame limit");
    }
}
