package dev.remoting.internal.call;

import dev.remoting.InvokeCallback;
import dev.remoting.ResponseFuture;
import dev.remoting.exception.RemotingException;
import dev.remoting.protocol.RemotingCommand;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * An async call's callback that completes a future: with the response turned into the caller's result, or with the
 * failure itself. Turning the response in the callback (rather than in a stage after a future of the response) keeps
 * one future and one completion per call.
 *
 * @param <T> the result the future carries
 */
public final class FutureCompletion<T> implements InvokeCallback {

    /** Turns a response into the result; what it throws fails the future. */
    @FunctionalInterface
    public interface ResponseMapping<T> {
        T apply(RemotingCommand response) throws Exception;
    }

    /** {@code RemotingClient.invokeAsync}'s shape, so that the client and its internals share {@link #call}. */
    @FunctionalInterface
    public interface AsyncInvoker {
        void invokeAsync(@Nullable String addr, RemotingCommand request, long timeoutMillis, InvokeCallback callback)
                throws InterruptedException, RemotingException;
    }

    private final CompletableFuture<T> future;
    private final ResponseMapping<T> mapping;

    public FutureCompletion(CompletableFuture<T> future, ResponseMapping<T> mapping) {
        this.future = Objects.requireNonNull(future, "future");
        this.mapping = Objects.requireNonNull(mapping, "mapping");
    }

    /**
     * Makes an async call whose outcome, mapped, completes the returned future; a call that cannot even start
     * completes it too, so this never throws. An interrupt while waiting for a permit fails the future and leaves the
     * thread's flag set.
     */
    public static <T> CompletableFuture<T> call(AsyncInvoker invoker, @Nullable String addr, RemotingCommand request,
            long timeoutMillis, ResponseMapping<T> mapping) {
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            invoker.invokeAsync(addr, request, timeoutMillis, new FutureCompletion<>(future, mapping));
        } catch (RemotingException | RuntimeException e) {
            future.completeExceptionally(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.completeExceptionally(e);
        }
        return future;
    }

    @Override
    public void operationComplete(ResponseFuture responseFuture) {
    }

    @Override
    public void operationSucceed(RemotingCommand response) {
        try {
            this.future.complete(this.mapping.apply(response));
        } catch (Exception e) {
            this.future.completeExceptionally(e);
        }
    }

    @Override
    public void operationFail(Throwable throwable) {
        this.future.completeExceptionally(throwable);
    }
}
