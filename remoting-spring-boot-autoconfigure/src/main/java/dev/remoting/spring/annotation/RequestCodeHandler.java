package dev.remoting.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Registers a handler for request codes. On a bean class that implements
 * {@link dev.remoting.NettyRequestProcessor}, the bean handles the codes. On a method of any bean, the method
 * does; its parameters are resolved from the request:
 * <ul>
 * <li>{@link dev.remoting.protocol.RemotingCommand}: the request itself;</li>
 * <li>a {@link dev.remoting.protocol.CommandCustomHeader} type: decoded from the request's extFields (a missing
 * required field answers SYSTEM_ERROR naming it);</li>
 * <li>{@code byte[]}: the body, or {@code null} when the request has none;</li>
 * <li>{@link io.netty.channel.ChannelHandlerContext} or {@link io.netty.channel.Channel}: the connection;</li>
 * <li>one parameter annotated {@link dev.remoting.annotation.Body @Body}: the body as {@code byte[]}, wrapped in a
 * {@code ByteBuffer}, or of any other type decoded with the {@link dev.remoting.codec.BodyCodec} bean (generic
 * types included); {@code null} when the request has none. Bytes that do not decode are answered with
 * SYSTEM_ERROR, as the peer's fault.</li>
 * </ul>
 * Its return value becomes the response: a {@link dev.remoting.protocol.RemotingCommand} (or {@code null} to reply
 * later), a {@code CommandCustomHeader} (sent as a SUCCESS response carrying it), {@code void} (SUCCESS with no
 * body), {@code byte[]} or {@code ByteBuffer} (SUCCESS with that body), any other type (SUCCESS with the object
 * encoded by the codec as the body; {@code null} for none), or a {@code CompletableFuture} of any of these
 * ({@code CompletableFuture<Void>} for none), answered when it completes. Nothing is written for oneway requests. A
 * handler that throws {@link dev.remoting.exception.RemotingResponseException} is answered with its code and remark.
 *
 * <pre>
 * &#64;RequestCodeHandler(code = {10, 310}, executor = "send")
 * class SendHandler implements NettyRequestProcessor { ... }
 *
 * &#64;Component
 * class PullHandlers {
 *     &#64;RequestCodeHandler(code = 11, executor = "pull")
 *     RemotingCommand pull(PullHeader header, ChannelHandlerContext ctx) { ... }
 *
 *     &#64;RequestCodeHandler(code = 318)
 *     TopicConfig topic(&#64;Body TopicQuery query) { ... }
 * }
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequestCodeHandler {

    /** Request codes this handler serves. */
    int[] code();

    /**
     * Name of an executor under {@code remoting.executors}; empty gives the handler a dedicated executor of its own.
     */
    String executor() default "";

    /** Which side's requests the handler serves. */
    Side side() default Side.SERVER;

    /** Which side of the connection a handler serves. */
    enum Side {
        /** Requests that clients send to this application's server. */
        SERVER,
        /**
         * Requests that servers send to this application's clients over their connections: the handler serves the
         * default client and every named one of {@code remoting.clients}, since any cluster may call back.
         */
        CLIENT,
        /** Both. */
        BOTH
    }
}
