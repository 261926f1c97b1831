package dev.remoting.spring.boot.autoconfigure.handler;

import dev.remoting.annotation.Body;
import dev.remoting.codec.BodyCodec;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.spring.boot.autoconfigure.handler.HandlerWiringException.Problem;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.GenericTypeResolver;

/**
 * The arguments of a handler method, taken from the request: one resolver per parameter, chosen once at start-up so
 * that a parameter the adapter cannot fill fails the application instead of every request.
 */
final class HandlerArguments {

    private static final String SUPPORTED = "supported are RemotingCommand, a CommandCustomHeader type, byte[] "
            + "(the body), ChannelHandlerContext, Channel, and one @Body parameter: byte[], ByteBuffer or any other "
            + "type, decoded with the BodyCodec";

    private HandlerArguments() {
    }

    /** Resolves one argument. */
    @FunctionalInterface
    interface Resolver {
        @Nullable Object resolve(ChannelHandlerContext ctx, RemotingCommand request) throws Exception;
    }

    /**
     * Returns the resolvers of the method's parameters, in order.
     *
     * @param codec asked for only when a parameter needs decoding
     * @throws IllegalStateException naming the method when a parameter is not supported
     */
    static Resolver[] of(Method method, Class<?> handlerClass, String description, Supplier<BodyCodec> codec) {
        Class<?>[] types = method.getParameterTypes();
        Resolver[] resolvers = new Resolver[types.length];
        boolean body = false;
        for (int i = 0; i < types.length; i++) {
            if (method.getParameters()[i].isAnnotationPresent(Body.class)) {
                if (body) {
                    throw new HandlerWiringException(Problem.UNSUPPORTED_PARAMETER, description,
                            description + " has more than one @Body parameter");
                }
                body = true;
                Type type = GenericTypeResolver.resolveType(method.getGenericParameterTypes()[i], handlerClass);
                resolvers[i] = forBody(types[i], type, i, description, codec);
            } else {
                resolvers[i] = forParameter(types[i], i, description);
            }
        }
        return resolvers;
    }

    private static Resolver forBody(Class<?> type, Type genericType, int index, String description,
            Supplier<BodyCodec> codec) {
        if (type == byte[].class) {
            return (ctx, request) -> request.getBody();
        }
        if (type == ByteBuffer.class) {
            return (ctx, request) -> request.getBody() == null ? null : ByteBuffer.wrap(request.getBody());
        }
        if (type.isPrimitive()) {
            throw new HandlerWiringException(Problem.UNSUPPORTED_PARAMETER, description,
                    "@Body parameter " + index + " of " + description + " has type "
                    + type.getName() + ", which an absent body cannot be; use its wrapper class");
        }
        BodyCodec bodyCodec = codec.get();
        return (ctx, request) -> {
            byte[] body = request.getBody();
            // Undecodable bytes are the peer's fault: the codec's RemotingCommandException is answered as such.
            return body == null || body.length == 0 ? null : bodyCodec.decode(body, genericType);
        };
    }

    private static Resolver forParameter(Class<?> type, int index, String description) {
        if (type == RemotingCommand.class) {
            return (ctx, request) -> request;
        }
        if (CommandCustomHeader.class.isAssignableFrom(type)) {
            @SuppressWarnings("unchecked")
            Class<? extends CommandCustomHeader> headerType = (Class<? extends CommandCustomHeader>) type;
            return (ctx, request) -> request.decodeCommandCustomHeader(headerType);
        }
        if (type == byte[].class) {
            return (ctx, request) -> request.getBody();
        }
        if (type == ChannelHandlerContext.class) {
            return (ctx, request) -> ctx;
        }
        if (type == Channel.class) {
            return (ctx, request) -> ctx.channel();
        }
        throw new HandlerWiringException(Problem.UNSUPPORTED_PARAMETER, description,
                "Parameter " + index + " of " + description + " has type "
                + type.getName() + "; " + SUPPORTED);
    }
}
