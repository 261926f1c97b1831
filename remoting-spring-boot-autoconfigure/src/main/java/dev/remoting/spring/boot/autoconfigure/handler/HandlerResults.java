package dev.remoting.spring.boot.autoconfigure.handler;

import dev.remoting.codec.BodyCodec;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.spring.boot.autoconfigure.handler.HandlerWiringException.Problem;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;

/**
 * What a handler method's result (or the value its {@code CompletableFuture} completes with) becomes: the response
 * to write, or {@code null} to write nothing. Chosen once at start-up from the declared type.
 */
final class HandlerResults {

    private static final String SUPPORTED = "supported are void, RemotingCommand, a CommandCustomHeader type, "
            + "byte[] or ByteBuffer (the body), any other type (the body, encoded with the BodyCodec), and a "
            + "CompletableFuture of any of these (CompletableFuture<Void> for none)";

    private HandlerResults() {
    }

    /** Turns one result into the response. */
    @FunctionalInterface
    interface Converter {
        @Nullable RemotingCommand toResponse(@Nullable Object result);
    }

    /**
     * Returns the converter of the method's results.
     *
     * @param codec asked for only when results need encoding
     * @throws IllegalStateException naming the method when its return type is not supported
     */
    static Converter of(Method method, Class<?> handlerClass, String description, Supplier<BodyCodec> codec) {
        Type type = HandlerBodyTypes.resultType(method, handlerClass);
        Class<?> raw = type == null ? Object.class : ResolvableType.forType(type).toClass();
        if (type == null || Future.class.isAssignableFrom(raw) || CompletionStage.class.isAssignableFrom(raw)) {
            throw new HandlerWiringException(Problem.UNSUPPORTED_RETURN_TYPE, description,
                    description + " returns "
                    + method.getGenericReturnType().getTypeName() + "; " + SUPPORTED);
        }
        if (raw == void.class || raw == Void.class) {
            return result -> success(null);
        }
        if (RemotingCommand.class.isAssignableFrom(raw)) {
            // null: the method writes the answer itself later, or (from a future) there is none to write.
            return result -> (RemotingCommand) result;
        }
        if (CommandCustomHeader.class.isAssignableFrom(raw)) {
            return result -> result == null ? null : withHeader((CommandCustomHeader) result);
        }
        if (raw == byte[].class) {
            return result -> success((byte[]) result);
        }
        if (raw == ByteBuffer.class) {
            return result -> success(result == null ? null : bytes((ByteBuffer) result));
        }
        BodyCodec bodyCodec = codec.get();
        return result -> success(result == null ? null : bodyCodec.encode(result));
    }

    private static RemotingCommand success(byte @Nullable [] body) {
        RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
        response.setBody(body);
        return response;
    }

    private static RemotingCommand withHeader(CommandCustomHeader header) {
        RemotingCommand response = success(null);
        response.writeCustomHeader(header);
        return response;
    }

    /** The buffer's remaining bytes, leaving its position where it was. */
    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
