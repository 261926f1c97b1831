package dev.remoting.internal.transport;

import dev.remoting.internal.call.RemotingEndpoint;
import dev.remoting.protocol.RemotingCommand;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/**
 * Routes each decoded command: responses to the waiting call, requests to the dispatcher. Both directions share
 * every connection, so both sides install the same handler.
 */
@ChannelHandler.Sharable
final class CommandHandler extends SimpleChannelInboundHandler<RemotingCommand> {

    private final RemotingEndpoint endpoint;

    CommandHandler(RemotingEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RemotingCommand cmd) {
        if (cmd.isResponseType()) {
            endpoint.responseTable().onResponse(cmd, ctx.channel());
        } else {
            endpoint.dispatcher().dispatch(ctx, cmd);
        }
    }
}
