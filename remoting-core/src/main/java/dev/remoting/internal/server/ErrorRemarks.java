package dev.remoting.internal.server;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The remark of a SYSTEM_ERROR answer to a request whose processor failed. By default it is the message the code
 * gave its exception, and nothing that describes the server's insides: no stack frames, no exception class names,
 * and not the messages the JVM writes itself (a NullPointerException's or ClassCastException's message names
 * classes and methods; an exception made from a cause takes the cause's class name as its message). With details
 * exposed it is RocketMQ's {@code exceptionSimpleDesc}: {@code toString()} and the top stack frame.
 */
public final class ErrorRemarks {

    public static final String INTERNAL_ERROR = "internal error";

    private ErrorRemarks() {
    }

    static String remark(Throwable error, boolean exposeDetails) {
        Throwable cause = unwrap(error);
        return exposeDetails ? simpleDescription(cause) : safeMessage(cause);
    }

    /** RocketMQ's format: the exception's {@code toString()}, a comma, and its top stack frame. */
    static String simpleDescription(Throwable cause) {
        StringBuilder text = new StringBuilder(cause.toString());
        StackTraceElement[] trace = cause.getStackTrace();
        if (trace != null && trace.length > 0) {
            text.append(", ").append(trace[0]);
        }
        return text.toString();
    }

    private static String safeMessage(Throwable cause) {
        Throwable current = cause;
        for (int depth = 0; current != null && depth < 8; depth++) {
            if (current instanceof Error || current instanceof NullPointerException
                    || current instanceof ClassCastException || current instanceof ArrayStoreException
                    || current instanceof ReflectiveOperationException || current instanceof TypeNotPresentException) {
                return INTERNAL_ERROR;
            }
            String message = current.getMessage();
            Throwable inner = current.getCause();
            if (inner != null && inner != current && message != null && message.equals(inner.toString())) {
                current = inner; // new RuntimeException(cause): the message is only the cause's class and message
                continue;
            }
            return firstLine(message);
        }
        return INTERNAL_ERROR;
    }

    private static String firstLine(@Nullable String message) {
        if (message == null || message.isBlank()) {
            return INTERNAL_ERROR;
        }
        int end = message.indexOf('\n');
        int cr = message.indexOf('\r');
        if (cr >= 0 && (end < 0 || cr < end)) {
            end = cr;
        }
        String line = end >= 0 ? message.substring(0, end) : message;
        return line.isBlank() ? INTERNAL_ERROR : line;
    }

    /** Peels the wrappers that say nothing themselves: async completion and reflective invocation. */
    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        for (int depth = 0; depth < 8; depth++) {
            boolean wrapper = current instanceof CompletionException || current instanceof ExecutionException
                    || current instanceof InvocationTargetException || current instanceof UndeclaredThrowableException;
            if (!wrapper || current.getCause() == null) {
                return current;
            }
            current = current.getCause();
        }
        return current;
    }
}
