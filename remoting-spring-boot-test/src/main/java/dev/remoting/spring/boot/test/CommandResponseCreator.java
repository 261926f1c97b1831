package dev.remoting.spring.boot.test;

import dev.remoting.codec.BodyCodec;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A response with a code, built up fluently: {@code withSuccess().header(new RouteHeader(...)).body(route)}. Each
 * matched request gets a new command from it, so one creator can answer many requests.
 */
public final class CommandResponseCreator implements ResponseCreator {

    private final int code;
    private @Nullable String remark;
    private @Nullable CommandCustomHeader header;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private byte @Nullable [] bodyBytes;
    private @Nullable Object bodyObject;
    private Duration delay = Duration.ZERO;

    CommandResponseCreator(int code, @Nullable String remark) {
        this.code = code;
        this.remark = remark;
    }

    /** Sets the remark. */
    public CommandResponseCreator remark(@Nullable String remark) {
        this.remark = remark;
        return this;
    }

    /** Sets the header object, sent as {@code extFields} as a handler's would be. */
    public CommandResponseCreator header(CommandCustomHeader header) {
        this.header = Objects.requireNonNull(header, "header");
        return this;
    }

    /** Adds one header field, over a field of the same name in the header object. */
    public CommandResponseCreator header(String name, String value) {
        this.fields.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Sets the body to these bytes, as they are. */
    public CommandResponseCreator body(byte[] body) {
        this.bodyBytes = Objects.requireNonNull(body, "body").clone();
        this.bodyObject = null;
        return this;
    }

    /** Sets the body to this object, encoded by the mock server's {@link BodyCodec} (JSON by default). */
    public CommandResponseCreator body(Object body) {
        this.bodyObject = Objects.requireNonNull(body, "body");
        this.bodyBytes = null;
        return this;
    }

    /** Answers after this delay; longer than the caller's timeout, the call times out. */
    public CommandResponseCreator delay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
        this.delay = delay;
        return this;
    }

    @Override
    public MockResponse createResponse(RemotingCommand request, BodyCodec codec) {
        RemotingCommand response = RemotingCommand.createResponseCommand(code, remark);
        response.writeCustomHeader(header);
        // The header's fields go to extFields now, and the header is dropped so that the encoder does not copy them
        // again over the single fields set here, which win.
        response.makeCustomHeaderToNet();
        response.writeCustomHeader(null);
        fields.forEach(response::addExtField);
        if (bodyBytes != null) {
            response.setBody(bodyBytes.clone());
        } else if (bodyObject != null) {
            response.setBody(codec.encode(bodyObject));
        }
        return MockResponse.of(response).after(delay);
    }
}
