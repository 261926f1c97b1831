package dev.remoting.spring.boot.autoconfigure.handler;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link dev.remoting.spring.annotation.RequestCodeHandler} that cannot be registered as declared, found at start-up.
 * It says which handler and what is wrong in its own fields, so that the failure analyzer can tell the user what to
 * change instead of showing a stack trace. An {@link IllegalStateException}, as these failures were before.
 */
public class HandlerWiringException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the handler. */
    public enum Problem {
        /** Two handlers serve one request code on one side. */
        DUPLICATE_CODE,
        /** A handler declares no request code. */
        NO_CODE,
        /** A handler method has a parameter type that is not resolved from the request. */
        UNSUPPORTED_PARAMETER,
        /** A handler method returns a type that does not become a response. */
        UNSUPPORTED_RETURN_TYPE,
        /** A handler names an executor that {@code remoting.executors} does not configure. */
        UNKNOWN_EXECUTOR,
        /** A handler that names no executor has a bean name that a configured executor has too. */
        EXECUTOR_NAME_CLASH,
        /** A server-side handler with no remoting server. */
        NO_SERVER,
        /** A client-side handler with no remoting client. */
        NO_CLIENT,
        /** A handler annotated on its class that is not a {@link dev.remoting.NettyRequestProcessor}. */
        NOT_A_PROCESSOR,
        /** A handler bean that is not a singleton. */
        NOT_A_SINGLETON
    }

    private final Problem problem;
    private final String handler;
    private final @Nullable Integer code;
    private final @Nullable String executor;

    HandlerWiringException(Problem problem, String handler, String message) {
        this(problem, handler, null, null, message);
    }

    HandlerWiringException(Problem problem, String handler, @Nullable Integer code, @Nullable String executor,
            String message) {
        super(message);
        this.problem = Objects.requireNonNull(problem, "problem");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.code = code;
        this.executor = executor;
    }

    public Problem getProblem() {
        return this.problem;
    }

    /** Returns the handler, as "bean 'name' (Type)" or "method 'bean#method'". */
    public String getHandler() {
        return this.handler;
    }

    /** Returns the request code at issue, for {@link Problem#DUPLICATE_CODE}. */
    public @Nullable Integer getCode() {
        return this.code;
    }

    /** Returns the executor name at issue, for the executor problems. */
    public @Nullable String getExecutor() {
        return this.executor;
    }
}
