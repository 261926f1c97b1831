package dev.remoting.exception;

import org.jspecify.annotations.Nullable;

/**
 * A command could not be encoded or decoded: a malformed frame, a bad header, or a custom header field that is
 * missing or does not parse.
 */
public class RemotingCommandException extends RemotingException {

    private static final long serialVersionUID = 1L;

    public RemotingCommandException(String message) {
        super(message);
    }

    public RemotingCommandException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
