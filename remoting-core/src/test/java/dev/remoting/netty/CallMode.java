package dev.remoting.netty;

import dev.remoting.InvokeCallback;
import dev.remoting.ResponseFuture;
import dev.remoting.protocol.RemotingCommand;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import static dev.remoting.netty.ServerClientFixture.bodyText;
import static org.assertj.core.api.Assertions.fail;


/** How the call under test is made, with a 10s timeout; all three must behave the same. */
enum CallMode {
    SYNC, ASYNC, INVOKE;

    private static final long TIMEOUT = 10_000;

    RemotingCommand call(NettyRemotingClient client, String addr, RemotingCommand request) throws Exception {
        return switch (this) {
            case SYNC -> client.invokeSync(addr, request, TIMEOUT);
            case INVOKE -> client.invoke(addr, request, TIMEOUT).get(TIMEOUT, TimeUnit.MILLISECONDS);
            case ASYNC -> {
                OnceCallback callback = new OnceCallback();
                client.invokeAsync(addr, request, TIMEOUT, callback);
                yield callback.result.get(TIMEOUT, TimeUnit.MILLISECONDS);
            }
        };
    }

    /** A call with a {@code null} address: to the client's address selector, or else its name servers. */
    RemotingCommand call(NettyRemotingClient client, RemotingCommand request) throws Exception {
        return call(client, null, request);
    }

    /** Makes the call, which must fail, and returns what it failed with (thrown or told to the callback). */
    Throwable failure(NettyRemotingClient client, RemotingCommand request) {
        RemotingCommand response;
        try {
            response = call(client, request);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
        return fail("the call was answered: code " + response.getCode() + ", " + bodyText(response));
    }

    /** Completes with the response once told exactly one outcome followed by operationComplete. */
    static final class OnceCallback implements InvokeCallback {
        final AtomicInteger outcomes = new AtomicInteger();
        final AtomicInteger completions = new AtomicInteger();
        final CompletableFuture<RemotingCommand> result = new CompletableFuture<>();
        private volatile RemotingCommand response;
        private volatile Throwable failure;

        @Override
        public void operationSucceed(RemotingCommand response) {
            outcomes.incrementAndGet();
            this.response = response;
        }

        @Override
        public void operationFail(Throwable throwable) {
            outcomes.incrementAndGet();
            this.failure = throwable;
        }

        @Override
        public void operationComplete(ResponseFuture responseFuture) {
            if (completions.incrementAndGet() != 1 || outcomes.get() != 1) {
                result.completeExceptionally(new AssertionError("callback told " + outcomes.get() + " outcomes, "
                        + completions.get() + " completions"));
            } else if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(response);
            }
        }
    }
}
