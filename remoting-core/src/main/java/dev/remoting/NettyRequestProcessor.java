package dev.remoting;

import dev.remoting.protocol.RemotingCommand;
import io.netty.channel.ChannelHandlerContext;
import org.jspecify.annotations.Nullable;

/**
 * Handles the requests of one or more codes. It runs on the executor it was registered with.
 */
public interface NettyRequestProcessor {

    /**
     * Returns the response to write, or {@code null} to reply later (write it yourself with
     * {@link RemotingResponses#writeResponse}). A {@link dev.remoting.exception.RemotingResponseException} or
     * {@link dev.remoting.exception.RemotingAbortException} is answered with its code and remark; any other exception
     * becomes a SYSTEM_ERROR response whose remark is its message. Nothing is written for oneway requests.
     */
    @Nullable RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) throws Exception;

    /** Whether to turn requests away with SYSTEM_BUSY right now, before they are queued. */
    default boolean rejectRequest() {
        return false;
    }
}
