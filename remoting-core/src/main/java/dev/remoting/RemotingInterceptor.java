package dev.remoting;

/**
 * Runs around every call one side makes or serves, for tracing and the like: it begins when a call starts, can make
 * the call's context current on the threads that work for it, and hears how the call ended.
 *
 * <p><b>Where it runs.</b> On the client, {@link #begin} runs on the calling thread before the connection is chosen
 * and before the {@link RPCHook} before-hooks, so extFields it adds to the request are sent (and signed by a signing
 * hook); the call {@linkplain Interception#end ends} after the after-hooks, before an async call's callback, which
 * then runs inside {@link Interception#openScope()}. On the serving side (a server, or a client answering a
 * server-initiated request) {@link #begin} runs on the I/O thread when the request arrives; the before-hooks, the
 * processor and the after-hooks run inside {@link Interception#openScope()} on the processor's executor, and the call
 * ends once the response is written. A request refused before it reaches a processor (unknown code, busy, shutting
 * down) begins and ends at once on the I/O thread. A server's calls to its clients ({@code invoke*(Channel, …)}) run
 * no hooks, as in RocketMQ, but are intercepted as a client's calls are (side {@code CLIENT}).
 *
 * <p><b>Order.</b> Interceptors run outside the hooks: begin in registration order, scopes open in registration order
 * and close in reverse, and calls end in reverse registration order.
 *
 * <p><b>Failures.</b> What {@link #begin} throws fails the call as a before-hook's exception does (the caller gets it;
 * a serving side answers SYSTEM_ERROR). What {@link Interception#end} or a scope throws is logged and ignored.
 *
 * <p>It runs for every call on I/O and executor threads: it must be cheap and must not block.
 */
@FunctionalInterface
public interface RemotingInterceptor {

    /**
     * Begins one call.
     *
     * @param call what is known of the call; on the client its request may still take extFields
     * @return how the call continues; {@link Interception#NONE} to leave it alone
     */
    Interception begin(InterceptedCall call);
}
