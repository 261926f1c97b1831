package dev.remoting.spring.boot.autoconfigure.handler;

import dev.remoting.NettyRequestProcessor;
import dev.remoting.spring.annotation.RequestCodeHandler;
import org.jspecify.annotations.Nullable;

/**
 * One handler: its annotation, the processor it became, and where it came from.
 *
 * @param methodName the annotated method, or null for a processor bean
 * @param executorName the executor it runs on, or null until registered
 */
public record HandlerRegistration(RequestCodeHandler annotation, NettyRequestProcessor processor,
        String description, String beanName, @Nullable String methodName, @Nullable String executorName) {

    HandlerRegistration(RequestCodeHandler annotation, NettyRequestProcessor processor, String description,
            String beanName, @Nullable String methodName) {
        this(annotation, processor, description, beanName, methodName, null);
    }

    /** Whether it serves requests that clients send to this application's server. */
    boolean onServer() {
        return this.annotation.side() != RequestCodeHandler.Side.CLIENT;
    }

    /** Whether it serves requests that servers send to this application's clients. */
    boolean onClient() {
        return this.annotation.side() != RequestCodeHandler.Side.SERVER;
    }

    String defaultExecutorName() {
        return this.methodName == null ? this.beanName : this.beanName + "." + this.methodName;
    }

    HandlerRegistration withExecutor(String executorName) {
        return new HandlerRegistration(this.annotation, this.processor, this.description, this.beanName,
                this.methodName, executorName);
    }
}
