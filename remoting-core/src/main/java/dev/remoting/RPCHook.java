package dev.remoting;

import dev.remoting.protocol.RemotingCommand;

/**
 * Runs around every request a client sends and every request a server (or a client, for server-to-client calls)
 * processes. Server-initiated calls run no hooks, as in RocketMQ.
 */
public interface RPCHook {

    /**
     * Runs before the request is sent (client) or processed (server); custom header fields are already in extFields.
     */
    void doBeforeRequest(String remoteAddr, RemotingCommand request);

    /** Runs with the final response: on the client only for calls that got one, on the server before it is written. */
    void doAfterResponse(String remoteAddr, RemotingCommand request, RemotingCommand response);
}
