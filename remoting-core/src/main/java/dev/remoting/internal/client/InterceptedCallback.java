package dev.remoting.internal.client;

import dev.remoting.InterceptedCall;
import dev.remoting.Interception;
import dev.remoting.InvokeCallback;
import dev.remoting.ResponseFuture;
import dev.remoting.protocol.RemotingCommand;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The callback of an intercepted async call, between the call's way back (after the after-hooks) and the caller's
 * callback: it ends the interception, then runs the caller's callback inside the interception's scope, so that the
 * caller's context is current there and in the continuations of a future the callback completes. Made only when the
 * client has interceptors; the interception ends even when the caller passed no callback.
 */
public final class InterceptedCallback implements InvokeCallback {

    private static final VarHandle ENDED;

    static {
        try {
            ENDED = MethodHandles.lookup().findVarHandle(InterceptedCallback.class, "ended", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Interception interception;
    private final InterceptedCall call;
    private final @Nullable InvokeCallback caller;
    // A flag set once by compare-and-set through a handle, rather than one more AtomicBoolean per call.
    private volatile boolean ended;

    public InterceptedCallback(Interception interception, InterceptedCall call, @Nullable InvokeCallback caller) {
        this.interception = Objects.requireNonNull(interception, "interception");
        this.call = Objects.requireNonNull(call, "call");
        this.caller = caller;
    }

    /** Whether {@code callback} leads to a callback of the caller's (the after-hooks run only for those). */
    static boolean reachesCaller(@Nullable InvokeCallback callback) {
        return callback instanceof InterceptedCallback intercepted ? intercepted.caller != null : callback != null;
    }

    /** The call as the interceptors see it, when {@code callback} is an intercepted call's; {@code null} otherwise. */
    static @Nullable InterceptedCall interceptedCall(@Nullable InvokeCallback callback) {
        return callback instanceof InterceptedCallback intercepted ? intercepted.call : null;
    }

    /**
     * Ends the interception, unless it has ended already: also called with what an async call threw at its caller
     * before its callback could run.
     */
    public void end(@Nullable RemotingCommand response, @Nullable Throwable error) {
        if (ENDED.compareAndSet(this, false, true)) {
            interception.end(response, error);
        }
    }

    // The caller's callback methods run together in operationComplete, which always follows succeed or fail on the
    // same thread: one scope for the three rather than one each.
    private @Nullable RemotingCommand response;
    private @Nullable Throwable failure;

    @Override
    public void operationSucceed(RemotingCommand response) {
        end(response, null);
        this.response = response;
    }

    @Override
    public void operationFail(Throwable throwable) {
        end(null, throwable);
        this.failure = throwable;
    }

    @Override
    public void operationComplete(ResponseFuture responseFuture) {
        if (caller == null) {
            return;
        }
        try (Interception.Scope scope = interception.openScope()) {
            try {
                if (response != null) {
                    caller.operationSucceed(response);
                } else if (failure != null) {
                    caller.operationFail(failure);
                }
            } finally {
                caller.operationComplete(responseFuture);
            }
        }
    }
}
