package dev.remoting.exception;

/**
 * Carries a checked failure ({@link RemotingException}, or an interrupt) out of a declarative client method that does
 * not declare it; the original is the cause. A method that declares {@code throws RemotingException} (or the specific
 * subclass) gets the original instead.
 */
public class RemotingInvocationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RemotingInvocationException(String message, Throwable cause) {
        super(message, cause);
    }
}
