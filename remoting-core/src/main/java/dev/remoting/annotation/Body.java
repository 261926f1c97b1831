package dev.remoting.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the parameter that carries a command's body: the request body on a declarative client method
 * ({@link RemotingExchange}) or on a server-side handler method. {@code byte[]} and {@code ByteBuffer} (its remaining
 * bytes; its position is left as it is) go as they are; any other non-primitive type goes through the
 * {@link dev.remoting.codec.BodyCodec} (JSON by default). A {@code null} argument sends no body; an absent body
 * decodes to {@code null}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Body {
}
