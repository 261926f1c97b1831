package dev.remoting.internal.transport;

import dev.remoting.internal.call.RemotingEndpoint;
import dev.remoting.protocol.RemotingCommand;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.jspecify.annotations.Nullable;

/**
 * Routes each decoded command: responses to the waiting call, requests to the dispatcher. Both directions share
 * every connection, so both sides install the same handler: one for all connections of a client, one per connection
 * on a server, where it hands each request's share of the inbound budget on to the dispatcher.
 */
@ChannelHandler.Sharable
final class CommandHandler extends SimpleChannelInboundHandler<RemotingCommand> {

    private final RemotingEndpoint endpoint;
    private final @Nullable InboundGate gate;

    CommandHandler(RemotingEndpoint endpoint) {
        this(endpoint, null);
    }

    CommandHandler(RemotingEndpoint endpoint, @Nullable InboundGate gate) {
        this.endpoint = endpoint;
        this.gate = gate;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RemotingCommand cmd) {
        InboundGate g = gate;
        if (cmd.isResponseType()) {
            if (g != null) {
                g.released(g.takeDecodedBytes());
            }
            endpoint.responseTable().onResponse(cmd, ctx.channel());
        } else if (g != null) {
            endpoint.dispatcher().dispatch(ctx, cmd, g, g.takeDecodedBytes());
        } else {
            endpoint.dispatcher().dispatch(ctx, cmd);
        }
    }
}
