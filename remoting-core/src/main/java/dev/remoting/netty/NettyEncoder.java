package dev.remoting.netty;

import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingCommandCodec;
import dev.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes each command as one frame into one buffer, sized up front for the body so that it is not reallocated.
 */
@ChannelHandler.Sharable
final class NettyEncoder extends MessageToByteEncoder<RemotingCommand> {

    /** Room for a typical header; larger ones make the buffer grow once. */
    private static final int HEADER_ESTIMATE = 256;

    private final SerializeType defaultType;

    NettyEncoder(SerializeType defaultType) {
        super(RemotingCommand.class);
        this.defaultType = defaultType;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RemotingCommand msg, boolean preferDirect) {
        byte[] body = msg.getBody();
        int size = HEADER_ESTIMATE + (body == null ? 0 : body.length);
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RemotingCommand msg, ByteBuf out) {
        RemotingCommandCodec.encode(msg, defaultType, out);
    }
}
