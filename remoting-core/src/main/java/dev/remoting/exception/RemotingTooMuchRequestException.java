package dev.remoting.exception;

/**
 * The caller outran the peer: no async or oneway permit became free before the call's timeout.
 */
public class RemotingTooMuchRequestException extends RemotingException {

    private static final long serialVersionUID = 1L;

    public RemotingTooMuchRequestException(String message) {
        super(message);
    }
}
