package dev.remoting;

import dev.remoting.protocol.RemotingCommand;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A processor that finishes later without holding its executor thread: the response is written when the returned
 * future completes. A future completed with {@code null} writes nothing; one completed exceptionally is answered
 * as {@link #processRequest} throwing that exception would be.
 */
public interface AsyncNettyRequestProcessor extends NettyRequestProcessor {

    CompletableFuture<@Nullable RemotingCommand> processRequestAsync(ChannelHandlerContext ctx, RemotingCommand request)
            throws Exception;

    @Override
    default @Nullable RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request)
            throws Exception {
        return processRequestAsync(ctx, request).get();
    }
}
