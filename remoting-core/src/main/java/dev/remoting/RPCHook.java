package dev.remoting;

import dev.remoting.protocol.RemotingCommand;

/**
 * Runs around every request a client sends and every request a server (or a client, for server-to-client calls)
 * processes. Server-initiated calls run no hooks, as in RocketMQ.
 *
 * <p>Hooks run in registration order, and the same way on every path (sync, async and oneway calls, and requests
 * processed): a before-hook that throws fails the request (the caller gets the exception; a processing side answers
 * SYSTEM_ERROR, or the code of a {@link dev.remoting.exception.RemotingAbortException}); an after-hook that throws
 * is logged and skipped: the response still reaches the caller (or the peer) unchanged, and the later hooks still
 * run.
 *
 * <p>{@link RemotingInterceptor Interceptors} run outside the hooks: a call begins with its interceptors before its
 * before-hooks run (so the hooks see, and may sign, what an interceptor added) and ends after its after-hooks (see
 * {@link RemotingInterceptor}).
 */
public interface RPCHook {

    /**
     * Runs before the request is sent (client) or processed (server); custom header fields are already in extFields.
     */
    void doBeforeRequest(String remoteAddr, RemotingCommand request);

    /** Runs with the final response: on the client only for calls that got one, on the server before it is written. */
    void doAfterResponse(String remoteAddr, RemotingCommand request, RemotingCommand response);
}
