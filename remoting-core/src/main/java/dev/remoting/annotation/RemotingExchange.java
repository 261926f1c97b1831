package dev.remoting.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a remote call on a method of a declarative client interface, turned into a proxy by
 * {@link dev.remoting.client.RemotingClientProxyFactory}. On the interface itself it sets defaults (address, timeout,
 * serialize type) for every method; a method's own values win. A code or {@code oneway} on the interface is refused:
 * they belong to methods.
 *
 * <p>A method may take a {@link dev.remoting.protocol.CommandCustomHeader} (sent as {@code extFields}), a
 * {@link Body @Body} parameter and an {@link Address @Address} parameter, each at most once and in any order; any
 * other parameter is refused. It may return {@code void}, a concrete {@code CommandCustomHeader} class (decoded from
 * the response's {@code extFields}), {@code RemotingCommand} (the response as it came, whatever its code),
 * {@code byte[]} or {@code ByteBuffer} (the response body as it is), any other non-primitive type (the response body,
 * decoded by the {@link dev.remoting.codec.BodyCodec}, generic types such as {@code List<Topic>} included), or a
 * {@code CompletableFuture} of any of these ({@code CompletableFuture<Void>} for nothing) to call asynchronously. An
 * absent or empty response body is {@code null}. A oneway method returns {@code void}.
 *
 * <p>A response code other than SUCCESS raises {@link dev.remoting.exception.RemotingResponseException} unless the
 * method returns {@code RemotingCommand}. The checked failures of a call ({@code RemotingException} and its
 * subclasses, such as a timeout or a body that does not decode, and {@code InterruptedException}) are thrown as they
 * are when the method declares them (or a supertype), and otherwise wrapped in the unchecked
 * {@link dev.remoting.exception.RemotingInvocationException}. An asynchronous method never throws: its future
 * completes exceptionally with the failure itself, unwrapped.
 *
 * <pre>
 * &#64;RemotingExchange(timeoutMillis = 3000)
 * interface NameServerApi {
 *     &#64;RemotingExchange(code = 105) // GET_ROUTEINFO_BY_TOPIC
 *     TopicRouteData getRoute(GetRouteInfoRequestHeader header) throws RemotingException;
 *
 *     &#64;RemotingExchange(code = 103) // REGISTER_BROKER
 *     CompletableFuture&lt;RegisterBrokerResponseHeader&gt; register(&#64;Address String addr,
 *             RegisterBrokerRequestHeader header, &#64;Body RegisterBrokerBody body);
 * }
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RemotingExchange {

    /** Request code to send, zero or more; required on methods, not allowed on the interface. */
    int code() default -1;

    /**
     * Address ({@code host:port}) to call; empty means the interface's, then the factory's default, then the client's
     * name servers. An {@link Address @Address} argument wins over all of these.
     */
    String address() default "";

    /** Timeout in milliseconds; zero or negative means the interface's, then the factory's default. */
    long timeoutMillis() default -1;

    /**
     * Whether the request is sent oneway: no response is awaited, so the method must return {@code void}; methods
     * only.
     */
    boolean oneway() default false;

    /**
     * How the request's header is serialized; {@link Serialize#DEFAULT} keeps the interface's, then the client's
     * ({@code NettyClientConfig}'s serialize type).
     */
    Serialize serializeType() default Serialize.DEFAULT;

    /** Header serialization of a declared call. */
    enum Serialize {
        /** Whatever the interface, or else {@code RemotingCommand}, uses. */
        DEFAULT,
        /** RocketMQ's JSON header. */
        JSON,
        /** RocketMQ's binary header. */
        ROCKETMQ
    }
}
