package dev.remoting.exception;

/**
 * A request could not be written, or its channel closed before the response arrived.
 */
public class RemotingSendRequestException extends RemotingException {

    private static final long serialVersionUID = 1L;

    public RemotingSendRequestException(String addr) {
        this(addr, null);
    }

    public RemotingSendRequestException(String addr, Throwable cause) {
        super("send request to <" + addr + "> failed", cause);
    }
}
