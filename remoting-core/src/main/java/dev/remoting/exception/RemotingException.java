package dev.remoting.exception;

/**
 * Base class of every checked failure raised by the remoting layer.
 */
public class RemotingException extends Exception {

    private static final long serialVersionUID = 1L;

    public RemotingException(String message) {
        super(message);
    }

    public RemotingException(String message, Throwable cause) {
        super(message, cause);
    }
}
