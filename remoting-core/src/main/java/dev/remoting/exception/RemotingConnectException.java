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

    /** With the reason in the message ("connection refused"), so that a log line of the message alone says it. */
    public RemotingConnectException(String addr, String reason, @Nullable Throwable cause) {
        super("connect to " + addr + " failed: " + reason, cause);
    }
}
