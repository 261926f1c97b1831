package dev.remoting.spring.boot.test;

import dev.remoting.protocol.RemotingSysResponseCode;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ResponseCreator}s of a {@link MockRemotingServer}'s expectations, to be imported statically:
 * {@code server.expect(requestCode(10)).andRespond(withSuccess().header(sent).delay(Duration.ofMillis(50)))}.
 */
public final class ResponseCreators {

    private ResponseCreators() {
    }

    /** SUCCESS (0), to which a header, a body, a remark and a delay can be added. */
    public static CommandResponseCreator withSuccess() {
        return new CommandResponseCreator(RemotingSysResponseCode.SUCCESS, null);
    }

    /**
     * Any code with its remark, such as {@code withCode(17, "topic not exist")}; a declarative client raises it as a
     * {@link dev.remoting.exception.RemotingResponseException}.
     */
    public static CommandResponseCreator withCode(int code, @Nullable String remark) {
        return new CommandResponseCreator(code, remark);
    }

    /** SYSTEM_ERROR (1) with this remark: what a server whose handler failed answers. */
    public static CommandResponseCreator withSystemError(String remark) {
        return new CommandResponseCreator(RemotingSysResponseCode.SYSTEM_ERROR, remark);
    }

    /** No answer at all: the caller's call times out after its own timeout, with no delay to pick. */
    public static ResponseCreator withNoResponse() {
        return (request, codec) -> MockResponse.none();
    }

    /**
     * Closes the connection instead of answering, as a crashing server would: the call fails at once with a
     * {@link dev.remoting.exception.RemotingSendRequestException}, and the client connects anew on its next call.
     */
    public static ResponseCreator withConnectionClosed() {
        return (request, codec) -> MockResponse.closeConnection();
    }
}
