package dev.remoting.protocol;

/**
 * Response codes that the remoting layer itself produces.
 */
public final class RemotingSysResponseCode {

    public static final int SUCCESS = 0;
    public static final int SYSTEM_ERROR = 1;
    public static final int SYSTEM_BUSY = 2;
    public static final int REQUEST_CODE_NOT_SUPPORTED = 3;
    public static final int TRANSACTION_FAILED = 4;
    /** The request is not signed, wrongly signed, from an unknown access key or stale (RocketMQ's NO_PERMISSION). */
    public static final int NO_PERMISSION = 16;
    /** Sent by a server that is shutting down: the peer should reconnect elsewhere. */
    public static final int GO_AWAY = 1500;

    private RemotingSysResponseCode() {
    }
}
