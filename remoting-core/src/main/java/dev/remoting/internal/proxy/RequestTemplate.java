package dev.remoting.internal.proxy;

import dev.remoting.codec.BodyCodec;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.SerializeType;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one method's arguments become a request and its address: everything but the arguments is fixed when the proxy
 * is made, so a call only reads its arguments at known positions.
 */
final class RequestTemplate {

    /** No such parameter. */
    static final int ABSENT = -1;

    /** How the {@code @Body} argument becomes bytes. */
    enum BodyKind {
        /** As it is. */
        BYTES,
        /** Its remaining bytes, copied. */
        BUFFER,
        /** Through the codec. */
        CODEC
    }

    private final int code;
    private final int headerIndex;
    private final int bodyIndex;
    private final BodyKind bodyKind;
    private final BodyCodec codec;
    private final int addressIndex;
    private final @Nullable String address;
    private final @Nullable SerializeType serializeType;

    /**
     * @param headerIndex position of the header argument, or {@link #ABSENT}
     * @param bodyIndex position of the {@code @Body} argument, or {@link #ABSENT}
     * @param addressIndex position of the {@code @Address} argument, or {@link #ABSENT} to use {@code address}
     * @param address where calls go when there is no {@code @Address} argument; {@code null} for the name servers
     * @param serializeType the request's header serialization, or {@code null} for the client's
     */
    RequestTemplate(int code, int headerIndex, int bodyIndex, BodyKind bodyKind, BodyCodec codec, int addressIndex,
            @Nullable String address, @Nullable SerializeType serializeType) {
        this.code = code;
        this.headerIndex = headerIndex;
        this.bodyIndex = bodyIndex;
        this.bodyKind = Objects.requireNonNull(bodyKind, "bodyKind");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.addressIndex = addressIndex;
        this.address = address;
        this.serializeType = serializeType;
    }

    int code() {
        return this.code;
    }

    /**
     * Builds the request.
     *
     * @throws IllegalArgumentException when the codec cannot encode the body
     */
    RemotingCommand request(@Nullable Object[] args) {
        CommandCustomHeader header = this.headerIndex == ABSENT ? null : (CommandCustomHeader) args[this.headerIndex];
        RemotingCommand request = RemotingCommand.createRequestCommand(this.code, header);
        if (this.bodyIndex != ABSENT) {
            Object body = args[this.bodyIndex];
            if (body != null) {
                request.setBody(encode(body));
            }
        }
        if (this.serializeType != null) {
            request.setSerializeTypeCurrentRPC(this.serializeType);
        }
        return request;
    }

    /** Returns where the call goes; {@code null} means the client's name servers. */
    @Nullable String address(@Nullable Object[] args) {
        return this.addressIndex == ABSENT ? this.address : (String) args[this.addressIndex];
    }

    private byte[] encode(Object body) {
        return switch (this.bodyKind) {
            case BYTES -> (byte[]) body;
            case BUFFER -> copy((ByteBuffer) body);
            case CODEC -> this.codec.encode(body);
        };
    }

    /** The caller's buffer is theirs: read its remaining bytes without moving its position. */
    private static byte[] copy(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(buffer.position(), bytes);
        return bytes;
    }
}
