package dev.remoting.exception;

import org.jspecify.annotations.Nullable;

/**
 * Base class of every checked failure raised by the remoting layer.
 */
public class RemotingException extends Exception {

    private static final long serialVersionUID = 1L;

    public RemotingException(String message) {
        super(message);
    }

    public RemotingException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
