package dev.remoting.netty;

import dev.remoting.protocol.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;

/**
 * Writes commands of our own (requests, responses) to a connection. The command is encoded on the calling thread and
 * the finished frame enters the pipeline just below the encoder: when the handlers run on a codec executor group
 * (RocketMQ's default) a write then costs one thread hand-off, to the I/O thread, instead of two. The encoder stays
 * in the pipeline for commands that processors write themselves through their {@link ChannelHandlerContext}.
 */
final class CommandWriter {

    private CommandWriter() {
    }

    /**
     * Encodes and writes {@code command}. An encoding failure (an oversized or unencodable command) fails only the
     * returned future, as it would have failed in the pipeline; nothing reaches the connection.
     */
    static ChannelFuture writeAndFlush(Channel channel, RemotingCommand command) {
        ChannelHandlerContext encoderContext = channel.pipeline().context(NettyEncoder.class);
        if (encoderContext == null) {
            // Closed and torn down (or not ours): let the channel report why the write cannot happen.
            return channel.writeAndFlush(command);
        }
        ByteBuf frame;
        try {
            frame = ((NettyEncoder) encoderContext.handler()).encodeFrame(encoderContext.alloc(), command);
        } catch (RuntimeException e) {
            return channel.newFailedFuture(e);
        }
        return encoderContext.writeAndFlush(frame);
    }
}
