package dev.remoting.spring.boot.autoconfigure.diagnostics;

import dev.remoting.spring.boot.autoconfigure.handler.HandlerWiringException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A {@link dev.remoting.spring.annotation.RequestCodeHandler} that cannot be registered: the exception's message
 * already names the handler (bean and method), the code or the executor, so the description is that message, and
 * the action says what to change for each kind of mistake.
 */
class HandlerWiringFailureAnalyzer extends AbstractFailureAnalyzer<HandlerWiringException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, HandlerWiringException cause) {
        return new FailureAnalysis("A @RequestCodeHandler could not be registered:%n%n    %s%n"
                .formatted(cause.getMessage()), action(cause), cause);
    }

    private static String action(HandlerWiringException failure) {
        String executor = failure.getExecutor();
        return switch (failure.getProblem()) {
            case DUPLICATE_CODE -> "Give one of the two handlers another code in @RequestCodeHandler(code = ...), "
                    + "or remove one of them. Handlers on different sides (side = SERVER, CLIENT) may share a code.";
            case NO_CODE -> "List the request codes the handler serves: @RequestCodeHandler(code = ...).";
            case UNSUPPORTED_PARAMETER -> "Declare only parameters resolved from the request: RemotingCommand, a "
                    + "CommandCustomHeader type, byte[], ChannelHandlerContext, Channel, and at most one @Body "
                    + "parameter of a non-primitive type.";
            case UNSUPPORTED_RETURN_TYPE -> "Return RemotingCommand, a CommandCustomHeader type, void, byte[], "
                    + "ByteBuffer or another type for the body codec, or a CompletableFuture of one of these.";
            case UNKNOWN_EXECUTOR -> "Configure the executor, for example remoting.executors." + executor
                    + ".threads=4, or name one that remoting.executors configures, or remove executor = \""
                    + executor + "\" to give the handler a dedicated executor.";
            case EXECUTOR_NAME_CLASH -> "Set executor = \"" + executor + "\" on the handler to share "
                    + "remoting.executors." + executor + ", or rename that executor.";
            case NO_SERVER -> "Remove remoting.server.enabled=false so that the server is configured, or give the "
                    + "handler side = CLIENT if it serves requests that brokers send to this application's clients, "
                    + "or remove the handler.";
            case NO_CLIENT -> "Remove remoting.client.enabled=false or configure a client under "
                    + "remoting.clients.<name>, or give the handler side = SERVER, or remove the handler.";
            case NOT_A_PROCESSOR -> "Implement NettyRequestProcessor in the bean's class, or move "
                    + "@RequestCodeHandler from the class to its handler methods.";
            case NOT_A_SINGLETON -> "Remove the bean's scope: handlers are registered once, at start-up, so they "
                    + "must be singletons.";
        };
    }
}
