package dev.remoting.internal.call;

import dev.remoting.InterceptedCall;
import dev.remoting.Interception;
import dev.remoting.RemotingInterceptor;
import dev.remoting.internal.transport.LogThrottle;
import dev.remoting.protocol.RemotingCommand;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The interceptors of one side, begun the same way on every path. With none registered a call costs one emptiness
 * check and no allocation; a single interceptor that leaves a call alone costs what its own {@code begin} does.
 */
public final class InterceptorChain {

    private static final Logger log = LoggerFactory.getLogger(InterceptorChain.class);

    /** Replaced, never changed, on registration: each call reads it once, with no copy and no lock. */
    private volatile RemotingInterceptor[] interceptors = new RemotingInterceptor[0];
    private final LogThrottle endFailures = new LogThrottle();

    /** Adds an interceptor; {@code null} or one already registered is ignored. */
    public synchronized void register(@Nullable RemotingInterceptor interceptor) {
        if (interceptor != null && !List.of(interceptors).contains(interceptor)) {
            RemotingInterceptor[] more = Arrays.copyOf(interceptors, interceptors.length + 1);
            more[interceptors.length] = interceptor;
            interceptors = more;
        }
    }

    public List<RemotingInterceptor> snapshot() {
        return List.of(interceptors);
    }

    public boolean isEmpty() {
        return interceptors.length == 0;
    }

    /**
     * Begins a call with every interceptor; {@link Interception#NONE} when there is none, or when the only one leaves
     * the call alone. What an interceptor's {@code begin} throws goes to the caller, after the interceptors already
     * begun have been ended with it.
     */
    public Interception begin(InterceptedCall call) {
        RemotingInterceptor[] all = interceptors;
        if (all.length == 0) {
            return Interception.NONE;
        }
        if (all.length == 1) {
            Interception only = all[0].begin(call);
            return only == Interception.NONE ? only : new Guarded(only, call);
        }
        Interception[] begun = new Interception[all.length];
        for (int i = 0; i < all.length; i++) {
            try {
                begun[i] = all[i].begin(call);
            } catch (RuntimeException e) {
                new Composite(Arrays.copyOf(begun, i), call).end(null, e);
                throw e;
            }
        }
        return new Composite(begun, call);
    }

    private void failed(String what, InterceptedCall call, RuntimeException e) {
        // An interceptor that fails, fails for every call: one line (with the stack trace) per interval.
        endFailures.log(log, Level.WARN, "interceptor {} failed for {}", what, call, e);
    }

    /** One interceptor's interception, whose scope and end cannot throw into the call. */
    private final class Guarded implements Interception {
        private final Interception delegate;
        private final InterceptedCall call;

        Guarded(Interception delegate, InterceptedCall call) {
            this.delegate = delegate;
            this.call = call;
        }

        @Override
        public Scope openScope() {
            Scope scope;
            try {
                scope = delegate.openScope();
            } catch (RuntimeException e) {
                failed("scope", call, e);
                return Scope.NONE;
            }
            return scope == Scope.NONE ? scope : () -> {
                try {
                    scope.close();
                } catch (RuntimeException e) {
                    failed("scope", call, e);
                }
            };
        }

        @Override
        public void end(@Nullable RemotingCommand response, @Nullable Throwable error) {
            try {
                delegate.end(response, error);
            } catch (RuntimeException e) {
                failed("end", call, e);
            }
        }
    }

    /** Several interceptions: scopes open in order and close in reverse; calls end in reverse. */
    private final class Composite implements Interception {
        private final Interception[] parts;
        private final InterceptedCall call;

        Composite(Interception[] parts, InterceptedCall call) {
            this.parts = parts;
            this.call = call;
        }

        @Override
        public Scope openScope() {
            Scope[] scopes = new Scope[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    scopes[i] = parts[i].openScope();
                } catch (RuntimeException e) {
                    failed("scope", call, e);
                    scopes[i] = Scope.NONE;
                }
            }
            return () -> {
                for (int i = scopes.length - 1; i >= 0; i--) {
                    try {
                        scopes[i].close();
                    } catch (RuntimeException e) {
                        failed("scope", call, e);
                    }
                }
            };
        }

        @Override
        public void end(@Nullable RemotingCommand response, @Nullable Throwable error) {
            for (int i = parts.length - 1; i >= 0; i--) {
                try {
                    parts[i].end(response, error);
                } catch (RuntimeException e) {
                    failed("end", call, e);
                }
            }
        }
    }
}
