package dev.remoting.internal.transport;

import dev.remoting.RemotingHelper;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingCommandCodec;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToByteEncoder;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Writes each command as one frame into one buffer, sized up front so that it is rarely reallocated. A frame larger
 * than this side's frame limit is refused here, failing only its own call: sent, it would make the peer close a
 * connection that other calls share. A response that large is replaced by a small SYSTEM_ERROR answer to the same
 * request, so that the caller learns at once instead of waiting for its timeout.
 */
@ChannelHandler.Sharable
public final class NettyEncoder extends MessageToByteEncoder<RemotingCommand> {

    private static final Logger log = LoggerFactory.getLogger(NettyEncoder.class);

    /** Room for the fixed part of a header; extFields and a custom header add their own estimates. */
    private static final int HEADER_ESTIMATE = 128;

    private final SerializeType defaultType;
    private final int maxFrameLength;
    private final LogThrottle oversizedResponses = new LogThrottle();

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
            if (msg.isResponseType()) {
                // Room for the small answer that replaces it, written by encode().
                return preferDirect ? ctx.alloc().ioBuffer(HEADER_ESTIMATE * 2) : ctx.alloc().heapBuffer(
                        HEADER_ESTIMATE * 2);
            }
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
        byte[] body = msg.getBody();
        if (body != null && body.length > maxFrameLength && msg.isResponseType()) {
            replaceOversizedResponse(ctx, msg, body.length, out);
            return;
        }
        RemotingCommandCodec.encode(msg, defaultType, out);
        int frameLength = out.writerIndex() - start;
        if (frameLength > maxFrameLength) {
            if (msg.isResponseType()) {
                out.writerIndex(start);
                replaceOversizedResponse(ctx, msg, frameLength, out);
                return;
            }
            throw tooLarge(msg, frameLength);
        }
    }

    /** Writes a small SYSTEM_ERROR answer to the same request in place of a response too large to send. */
    private void replaceOversizedResponse(ChannelHandlerContext ctx, RemotingCommand response, int length,
            ByteBuf out) {
        oversizedResponses.log(log, Level.WARN, "response {} (opaque {}) to {} needs a frame of {} bytes, more than "
                + "the {}-byte frame limit; answering SYSTEM_ERROR instead", response.getCode(), response.getOpaque(),
                RemotingHelper.parseChannelRemoteAddr(ctx.channel()), length, maxFrameLength);
        RemotingCommand error = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SYSTEM_ERROR,
                "response too large: " + length + " bytes, more than the " + maxFrameLength + "-byte frame limit");
        error.setOpaque(response.getOpaque());
        error.markResponseType();
        error.setSerializeTypeCurrentRPC(response.getSerializeTypeCurrentRPC());
        RemotingCommandCodec.encode(error, defaultType, out);
    }

    private EncoderException tooLarge(RemotingCommand msg, int length) {
        return new EncoderException("command " + msg.getCode() + " (opaque " + msg.getOpaque() + ") needs a frame of "
                + length + " bytes, more than the " + maxFrameLength + "-byte frame limit");
    }
}
