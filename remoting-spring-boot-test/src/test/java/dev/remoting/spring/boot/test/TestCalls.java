package dev.remoting.spring.boot.test;

import dev.remoting.codec.JacksonBodyCodec;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import org.jspecify.annotations.Nullable;

/** Requests for the mock server's tests, and the codec of their bodies. */
final class TestCalls {

    static final JacksonBodyCodec CODEC = new JacksonBodyCodec();

    private TestCalls() {
    }

    static RemotingCommand request(int code, @Nullable CommandCustomHeader header, @Nullable Object body) {
        RemotingCommand request = RemotingCommand.createRequestCommand(code, header);
        if (body instanceof byte[] bytes) {
            request.setBody(bytes);
        } else if (body != null) {
            request.setBody(CODEC.encode(body));
        }
        return request;
    }

    static RemotingCommand request(int code) {
        return request(code, null, null);
    }
}
