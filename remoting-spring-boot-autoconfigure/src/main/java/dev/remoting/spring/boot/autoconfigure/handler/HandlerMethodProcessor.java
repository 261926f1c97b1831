package dev.remoting.spring.boot.autoconfigure.handler;

import dev.remoting.AsyncNettyRequestProcessor;
import dev.remoting.NettyRequestProcessor;
import dev.remoting.codec.BodyCodec;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.spring.annotation.RequestCodeHandler;
import io.netty.channel.ChannelHandlerContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Adapts a {@link RequestCodeHandler} method to a processor. Parameters ({@link HandlerArguments}) and return type
 * ({@link HandlerResults}) are checked once, at start-up, so a method the adapter cannot call fails the application
 * instead of every request.
 */
final class HandlerMethodProcessor implements NettyRequestProcessor {

    private final Object bean;
    private final Method method;
    private final HandlerArguments.Resolver[] arguments;
    private final HandlerResults.Converter results;
    private final String description;

    private HandlerMethodProcessor(Object bean, Method method, String description, Supplier<BodyCodec> codec) {
        this.bean = Objects.requireNonNull(bean, "bean");
        this.method = Objects.requireNonNull(method, "method");
        this.description = Objects.requireNonNull(description, "description");
        Objects.requireNonNull(codec, "codec");
        ReflectionUtils.makeAccessible(method);
        // Generic types declared by a superclass of the handler (a List<T> body) are resolved against the handler.
        Class<?> handlerClass = ClassUtils.getUserClass(bean);
        this.arguments = HandlerArguments.of(method, handlerClass, description, codec);
        this.results = HandlerResults.of(method, handlerClass, description, codec);
    }

    /**
     * Returns a processor for the method: an asynchronous one when it returns a CompletableFuture.
     *
     * @param codec the codec of typed bodies, asked for only when the method has some
     */
    static NettyRequestProcessor of(Object bean, Method method, String description, Supplier<BodyCodec> codec) {
        HandlerMethodProcessor processor = new HandlerMethodProcessor(bean, method, description, codec);
        return CompletableFuture.class.isAssignableFrom(method.getReturnType()) ? new Async(processor) : processor;
    }

    @Override
    public @Nullable RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request)
            throws Exception {
        return this.results.toResponse(invoke(ctx, request));
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

    @Override
    public String toString() {
        return this.description;
    }

    /** The variant for methods that return a {@code CompletableFuture}: answered when it completes. */
    private static final class Async implements AsyncNettyRequestProcessor {

        private final HandlerMethodProcessor delegate;

        Async(HandlerMethodProcessor delegate) {
            this.delegate = delegate;
        }

        @Override
        public @Nullable CompletableFuture<@Nullable RemotingCommand> processRequestAsync(ChannelHandlerContext ctx,
                RemotingCommand request) throws Exception {
            CompletableFuture<?> result = (CompletableFuture<?>) this.delegate.invoke(ctx, request);
            // A method that returns no future at all has nothing to answer, as one returning a null command.
            return result == null ? null : result.thenApply(this.delegate.results::toResponse);
        }

        @Override
        public String toString() {
            return this.delegate.toString();
        }
    }
}
