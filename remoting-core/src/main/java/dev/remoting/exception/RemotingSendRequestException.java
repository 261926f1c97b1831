package dev.remoting.exception;

import org.jspecify.annotations.Nullable;

/**
 * A request could not be written, or its channel closed before the response arrived.
 */
public class RemotingSendRequestException extends RemotingException {

    private static final long serialVersionUID = 1L;

    public RemotingSendRequestException(@Nullable String addr) {
        this(addr, null);
    }

    public RemotingSendRequestException(@Nullable String addr, @Nullable Throwable cause) {
        super("send request to <" + addr + "> failed", cause);
    }

    /** With the reason in the message, when it is known, so that a log line of the message alone says it. */
    public RemotingSendRequestException(@Nullable String addr, String reason, @Nullable Throwable cause) {
        super("send request to <" + addr + "> failed: " + reason, cause);
    }
}
