package dev.remoting.codec;

import dev.remoting.exception.RemotingCommandException;
import java.lang.reflect.Type;

/**
 * Turns typed command bodies into bytes and back, on both sides: declarative client arguments and results, handler
 * {@link dev.remoting.annotation.Body @Body} parameters and results. {@code byte[]} and {@code ByteBuffer} bodies
 * never reach a codec (they go as they are), nor do absent bodies. The default, {@link JacksonBodyCodec}, writes and
 * reads the JSON RocketMQ uses for its bodies. Implementations must be thread-safe.
 */
public interface BodyCodec {

    /**
     * Encodes a body.
     *
     * @throws IllegalArgumentException when the value cannot be encoded
     */
    byte[] encode(Object body);

    /**
     * Decodes a body into the given type (a {@code Class} or a parameterized type such as {@code List<Foo>}).
     *
     * @throws RemotingCommandException when the bytes are not a valid encoding of the type: the peer's fault
     */
    Object decode(byte[] body, Type type) throws RemotingCommandException;
}
