package dev.remoting.netty;

import dev.remoting.protocol.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;

/**
 * Writes commands of our own (requests, responses) to a connection. When the codec runs on the I/O thread (the
 * default), the command is encoded on the calling thread and the finished frame enters the pipeline just below the
 * encoder, which leaves the I/O thread only the socket write. When a codec thread group is on, commands take the
 * pipeline's way through it, as in RocketMQ: that keeps them in order with the commands that processors write
 * themselves through their {@link ChannelHandlerContext}, and behind a TLS handler that the group is still setting up.
 */
final class CommandWriter {

    private CommandWriter() {
    }

    /**
     * Encodes and writes {@code command}. An encoding failure (an oversized or unencodable command, or no memory for
     * the frame) fails only the returned future, as it would in the pipeline; nothing reaches the connection.
     */
    static ChannelFuture writeAndFlush(Channel channel, RemotingCommand command) {
        ChannelHandlerContext encoderContext = channel.pipeline().context(NettyEncoder.class);
        if (encoderContext == null || encoderContext.executor() != channel.eventLoop()) {
            // Torn down (the channel reports why the write cannot happen), or the codec has a thread group of its own.
            return channel.writeAndFlush(command);
        }
        ByteBuf frame;
        try {
            frame = ((NettyEncoder) encoderContext.handler()).encodeFrame(encoderContext.alloc(), command);
        } catch (Throwable e) {
            return channel.newFailedFuture(e);
        }
        return encoderContext.writeAndFlush(frame);
    }
}
