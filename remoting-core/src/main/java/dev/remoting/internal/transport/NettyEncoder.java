package dev.remoting.internal.transport;

import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingCommandCodec;
import dev.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToByteEncoder;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Writes each command as one frame into one buffer, sized up front so that it is rarely reallocated. A frame larger
 * than this side's frame limit is refused here, failing only its own call: sent, it would make the peer close a
 * connection that other calls share.
 */
@ChannelHandler.Sharable
public final class NettyEncoder extends MessageToByteEncoder<RemotingCommand> {

    /** Room for the fixed part of a header; extFields and a custom header add their own estimates. */
    private static final int HEADER_ESTIMATE = 128;

    private final SerializeType defaultType;
    private final int maxFrameLength;

    public NettyEncoder(SerializeType defaultType, int maxFrameLength) {
        super(RemotingCommand.class);
        this.defaultType = Objects.requireNonNull(defaultType, "defaultType");
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RemotingCommand msg, boolean preferDirect) {
        byte[] body = msg.getBody();
        int bodyLength = body == null ? 0 : body.length;
        if (bodyLength > maxFrameLength) {
            throw tooLarge(msg, bodyLength);
        }
        Map<String, @Nullable String> extFields = msg.getExtFields();
        int size = HEADER_ESTIMATE + bodyLength + (extFields == null ? 0 : extFields.size() * 48)
                + (msg.readCustomHeader() == null ? 0 : 256) + (msg.getRemark() == null ? 0 : msg.getRemark().length());
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RemotingCommand msg, ByteBuf out) {
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
