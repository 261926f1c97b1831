package dev.remoting.internal.proxy;

import dev.remoting.codec.BodyCodec;
import dev.remoting.exception.RemotingCommandException;
import dev.remoting.exception.RemotingResponseException;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Turns a response into what a method returns (or the future of it completes with), as its return type says. */
final class ResponseMapper {

    /** What the method gets from the response. */
    enum Kind {
        /** Nothing, once the code is SUCCESS. */
        VOID,
        /** The response as it came, whatever its code. */
        COMMAND,
        /** The response's custom header. */
        HEADER,
        /** The body's bytes. */
        BYTES,
        /** The body's bytes, wrapped. */
        BUFFER,
        /** The body through the codec. */
        BODY
    }

    private final Kind kind;
    private final @Nullable Class<? extends CommandCustomHeader> headerType;
    private final @Nullable Type bodyType;
    private final @Nullable BodyCodec codec;

    private ResponseMapper(Kind kind, @Nullable Class<? extends CommandCustomHeader> headerType,
            @Nullable Type bodyType, @Nullable BodyCodec codec) {
        this.kind = kind;
        this.headerType = headerType;
        this.bodyType = bodyType;
        this.codec = codec;
    }

    static ResponseMapper of(Kind kind) {
        if (kind == Kind.HEADER || kind == Kind.BODY) {
            throw new IllegalArgumentException(kind + " needs a type");
        }
        return new ResponseMapper(kind, null, null, null);
    }

    static ResponseMapper header(Class<? extends CommandCustomHeader> headerType) {
        return new ResponseMapper(Kind.HEADER, Objects.requireNonNull(headerType, "headerType"), null, null);
    }

    static ResponseMapper body(Type bodyType, BodyCodec codec) {
        return new ResponseMapper(Kind.BODY, null, Objects.requireNonNull(bodyType, "bodyType"),
                Objects.requireNonNull(codec, "codec"));
    }

    Kind kind() {
        return this.kind;
    }

    /**
     * Maps a response to the request.
     *
     * @throws RemotingResponseException when the code is not SUCCESS and the method did not ask for the command
     * @throws RemotingCommandException when the header or body does not decode
     */
    @Nullable Object map(RemotingCommand request, RemotingCommand response) throws RemotingCommandException {
        if (this.kind == Kind.COMMAND) {
            return response;
        }
        if (response.getCode() != RemotingSysResponseCode.SUCCESS) {
            throw new RemotingResponseException(request, response);
        }
        if (this.kind == Kind.VOID) {
            return null;
        }
        if (this.kind == Kind.HEADER) {
            return response.decodeCommandCustomHeader(Objects.requireNonNull(this.headerType));
        }
        byte[] body = response.getBody();
        // The wire does not tell an empty body from none: both are "no value".
        if (body == null || body.length == 0) {
            return null;
        }
        return switch (this.kind) {
            case BYTES -> body;
            case BUFFER -> ByteBuffer.wrap(body);
            default -> Objects.requireNonNull(this.codec).decode(body, Objects.requireNonNull(this.bodyType));
        };
    }
}
