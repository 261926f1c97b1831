package dev.remoting.spring.boot.autoconfigure.handler;

import dev.remoting.AsyncNettyRequestProcessor;
import dev.remoting.NettyRequestProcessor;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.spring.annotation.RequestCodeHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ReflectionUtils;

/**
 * Adapts a {@link RequestCodeHandler} method to a processor. Parameters and return type are checked once, at start-up,
 * so a method the adapter cannot call fails the application instead of every request.
 */
final class HandlerMethodProcessor implements NettyRequestProcessor {

    private final Object bean;
    private final Method method;
    private final ArgumentResolver[] arguments;
    private final String description;

    HandlerMethodProcessor(Object bean, Method method, String description) {
        this.bean = bean;
        this.method = method;
        this.description = description;
        ReflectionUtils.makeAccessible(method);
        Class<?>[] types = method.getParameterTypes();
        this.arguments = new ArgumentResolver[types.length];
        for (int i = 0; i < types.length; i++) {
            this.arguments[i] = resolverFor(types[i], i);
        }
        checkReturnType();
    }

    /** Returns a processor for the method: an asynchronous one when it returns a CompletableFuture. */
    static NettyRequestProcessor of(Object bean, Method method, String description) {
        HandlerMethodProcessor processor = new HandlerMethodProcessor(bean, method, description);
        return CompletableFuture.class.isAssignableFrom(method.getReturnType()) ? new Async(processor) : processor;
    }

    @Override
    public @Nullable RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request)
            throws Exception {
        Object result = invoke(ctx, request);
        return toResponse(result, request);
    }

    @Nullable Object invoke(ChannelHandlerContext ctx, RemotingCommand request) throws Exception {
        @Nullable Object[] args = new Object[this.arguments.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = this.arguments[i].resolve(ctx, request);
        }
        try {
            return this.method.invoke(this.bean, args);
        } catch (InvocationTargetException ex) {
            Throwable cause = ex.getTargetException();
            if (cause instanceof Exception e) {
                throw e;
            }
            throw (Error) cause;
        }
    }

    private @Nullable RemotingCommand toResponse(@Nullable Object result, RemotingCommand request) {
        if (result instanceof RemotingCommand command) {
            return command;
        }
        if (result instanceof CommandCustomHeader header) {
            RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
            response.writeCustomHeader(header);
            return response;
        }
        if (this.method.getReturnType() == void.class) {
            return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
        }
        return null;
    }

    @Override
    public String toString() {
        return this.description;
    }

    private ArgumentResolver resolverFor(Class<?> type, int index) {
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
        throw new IllegalStateException("Parameter " + index + " of " + this.description + " has type "
                + type.getName() + "; supported are RemotingCommand, a CommandCustomHeader type, byte[], "
                + "ChannelHandlerContext and Channel");
    }

    private void checkReturnType() {
        Class<?> type = this.method.getReturnType();
        if (type == void.class || RemotingCommand.class.isAssignableFrom(type)
                || CommandCustomHeader.class.isAssignableFrom(type)) {
            return;
        }
        if (CompletableFuture.class.isAssignableFrom(type)) {
            Type generic = this.method.getGenericReturnType();
            if (generic instanceof ParameterizedType parameterized
                    && parameterized.getActualTypeArguments()[0] == RemotingCommand.class) {
                return;
            }
        }
        throw new IllegalStateException(this.description + " returns " + this.method.getGenericReturnType()
                + "; supported are RemotingCommand, CompletableFuture<RemotingCommand>, a CommandCustomHeader type "
                + "and void");
    }

    @FunctionalInterface
    private interface ArgumentResolver {
        @Nullable Object resolve(ChannelHandlerContext ctx, RemotingCommand request) throws Exception;
    }

    /** The variant for methods that return {@code CompletableFuture<RemotingCommand>}. */
    private static final class Async implements AsyncNettyRequestProcessor {

        private final HandlerMethodProcessor delegate;

        Async(HandlerMethodProcessor delegate) {
            this.delegate = delegate;
        }

        @Override
        @SuppressWarnings("unchecked")
        public @Nullable CompletableFuture<RemotingCommand> processRequestAsync(ChannelHandlerContext ctx,
                RemotingCommand request) throws Exception {
            return (CompletableFuture<RemotingCommand>) this.delegate.invoke(ctx, request);
        }

        @Override
        public String toString() {
            return this.delegate.toString();
        }
    }
}
