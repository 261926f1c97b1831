package dev.remoting.exception;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a before-request {@link dev.remoting.RPCHook} (or a processor) on the serving side to refuse a request
 * with a chosen response code and remark instead of SYSTEM_ERROR; the processor does not run. It is RocketMQ's
 * {@code AbortProcessException} under another name. It carries no stack trace: it is an answer, not a bug, and
 * may be thrown for every request a hostile peer sends.
 */
public class RemotingAbortException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;

    /**
     * @param code the response code to answer with
     * @param remark the response remark, or {@code null} for none; it goes to the peer, so it must not reveal secrets
     */
    public RemotingAbortException(int code, @Nullable String remark) {
        super(remark, null, false, false);
        this.code = code;
    }

    /** Returns the response code to answer with. */
    public int getCode() {
        return code;
    }

    /** Returns the remark to answer with, or {@code null} for none. */
    public @Nullable String getRemark() {
        return getMessage();
    }
}
