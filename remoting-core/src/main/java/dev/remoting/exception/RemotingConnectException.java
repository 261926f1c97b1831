package dev.remoting.exception;

import org.jspecify.annotations.Nullable;

/**
 * A connection to the given address could not be made (or was not active) in time.
 */
public class RemotingConnectException extends RemotingException {

    private static final long serialVersionUID = 1L;

    public RemotingConnectException(String addr) {
        this(addr, null);
    }

    public RemotingConnectException(String addr, @Nullable Throwable cause) {
        super("connect to " + addr + " failed", cause);
    }
}
