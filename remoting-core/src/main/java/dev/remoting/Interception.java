package dev.remoting;

import dev.remoting.protocol.RemotingCommand;
import org.jspecify.annotations.Nullable;

/**
 * One call as a {@link RemotingInterceptor} follows it: a scope that makes the call's context current on a thread,
 * and the call's end, told exactly once.
 */
public interface Interception {

    /** Leaves the call alone. */
    Interception NONE = new Interception() {
        @Override
        public Scope openScope() {
            return Scope.NONE;
        }

        @Override
        public void end(@Nullable RemotingCommand response, @Nullable Throwable error) {
        }
    };

    /**
     * Makes the call's context current on this thread until the scope closes. The serving side opens it around the
     * hooks and the processor, so whatever the handler logs or calls runs inside it; the client opens it around an
     * async call's callback (and the continuations of a future it completes), restoring the caller's context there.
     */
    Scope openScope();

    /**
     * The call ended; called once.
     *
     * @param response on the client the response that ended the call, on the serving side the response written;
     *        {@code null} when there is none (a oneway call, a reply to come later, a failure)
     * @param error why the call failed on the client ({@link RemotingMetricsListener.CallOutcome#of} names the
     *        outcome), or what the hooks or the processor threw on the serving side (also when it chose the answer, as
     *        a {@link dev.remoting.exception.RemotingResponseException} does); {@code null} otherwise
     */
    void end(@Nullable RemotingCommand response, @Nullable Throwable error);

    /** What {@link #openScope()} returns; closing it restores what was current before. */
    interface Scope extends AutoCloseable {

        /** Nothing to restore. */
        Scope NONE = () -> {
        };

        @Override
        void close();
    }
}
