package dev.remoting.exception;

/**
 * Carries a checked failure ({@link RemotingException}, or an interrupt) out of a declarative client method that does
 * not declare it; the original is the cause, and the message names the method. A method that declares
 * {@code throws RemotingException} (or the specific subclass, or {@code InterruptedException}) gets the original
 * instead. When the wrapped failure is an interrupt, the thread's interrupt flag is set again.
 */
public class RemotingInvocationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RemotingInvocationException(String message, Throwable cause) {
        super(message, cause);
    }
}
