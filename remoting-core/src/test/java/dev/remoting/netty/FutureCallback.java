package dev.remoting.netty;

import dev.remoting.InvokeCallback;
import dev.remoting.ResponseFuture;
import dev.remoting.protocol.RemotingCommand;
import java.util.concurrent.CompletableFuture;

/** An {@link InvokeCallback} whose outcome completes a future, for tests that exercise {@code invokeAsync} itself. */
final class FutureCallback implements InvokeCallback {

    private final CompletableFuture<RemotingCommand> future;

    FutureCallback(CompletableFuture<RemotingCommand> future) {
        this.future = future;
    }

    @Override
    public void operationComplete(ResponseFuture responseFuture) {
    }

    @Override
    public void operationSucceed(RemotingCommand response) {
        future.complete(response);
    }

    @Override
    public void operationFail(Throwable throwable) {
        future.completeExceptionally(throwable);
    }
}
