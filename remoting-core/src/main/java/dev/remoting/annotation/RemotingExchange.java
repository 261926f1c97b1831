package dev.remoting.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a remote call on a method of a declarative client interface, turned into a proxy by
 * {@link dev.remoting.client.RemotingClientProxyFactory}. On the interface itself it sets defaults (address, timeout,
 * serialize type) for every method; a method's own values win.
 *
 * <p>A method may take a {@link dev.remoting.protocol.CommandCustomHeader} (sent as {@code extFields}), a
 * {@link Body @Body} parameter and an {@link Address @Address} parameter, each at most once. It may return
 * {@code void}, a {@code CommandCustomHeader} type (decoded from the response), {@code RemotingCommand} (the response
 * as it came, whatever its code), any other type (the response body, decoded by the
 * {@link dev.remoting.codec.BodyCodec}), or a {@code CompletableFuture} of any of these to call asynchronously. A
 * response code other than SUCCESS raises {@link dev.remoting.exception.RemotingResponseException} unless the method
 * returns {@code RemotingCommand}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RemotingExchange {

    /** Request code to send; required on methods, not allowed on the interface. */
    int code() default -1;

    /**
     * Address ({@code host:port}) to call; empty means the interface's, then the factory's default, then the client's
     * name servers. An {@link Address @Address} argument wins over all of these.
     */
    String address() default "";

    /** Timeout in milliseconds; zero or negative means the interface's, then the factory's default. */
    long timeoutMillis() default -1;

    /** Whether the request is sent oneway: no response is awaited, so the method must return {@code void}. */
    boolean oneway() default false;

    /** How the request's header is serialized; {@link Serialize#DEFAULT} keeps the interface's or the client's. */
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
