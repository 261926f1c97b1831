package dev.remoting.exception;

import dev.remoting.protocol.RemotingCommand;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A response code other than SUCCESS, as an exception, in both directions. A declarative client raises it when the
 * peer answers with an error code (the method did not ask for the {@code RemotingCommand} itself); a handler or
 * processor throws it to answer with its code and remark instead of SYSTEM_ERROR. It is unchecked, as the errors of
 * Spring's HTTP interface clients are.
 */
public class RemotingResponseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;
    private final @Nullable String remark;
    private final transient @Nullable RemotingCommand response;

    /**
     * For a handler that answers with an error.
     *
     * @param code the response code to answer with
     * @param remark the response remark, or {@code null} for none; it goes to the peer, so it must not reveal secrets
     */
    public RemotingResponseException(int code, @Nullable String remark) {
        super("code " + code + (remark == null ? "" : ": " + remark));
        this.code = code;
        this.remark = remark;
        this.response = null;
    }

    /** For the calling side: the peer answered the request with this error response. */
    public RemotingResponseException(RemotingCommand request, RemotingCommand response) {
        super("request " + Objects.requireNonNull(request, "request").getCode() + " answered with code "
                + Objects.requireNonNull(response, "response").getCode()
                + (response.getRemark() == null ? "" : ": " + response.getRemark()));
        this.code = response.getCode();
        this.remark = response.getRemark();
        this.response = response;
    }

    /** Returns the response code. */
    public int getCode() {
        return this.code;
    }

    /** Returns the response remark, or {@code null} when there was none. */
    public @Nullable String getRemark() {
        return this.remark;
    }

    /** Returns the response as it came, on the calling side; {@code null} when a handler threw this. */
    public @Nullable RemotingCommand getResponse() {
        return this.response;
    }
}
