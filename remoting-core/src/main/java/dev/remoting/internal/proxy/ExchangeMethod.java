package dev.remoting.internal.proxy;

import dev.remoting.RemotingClient;
import dev.remoting.exception.RemotingException;
import dev.remoting.exception.RemotingInvocationException;
import dev.remoting.internal.call.FutureCompletion;
import dev.remoting.protocol.RemotingCommand;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One {@code @RemotingExchange} method, parsed and checked once ({@link ExchangeMethodParser}): a call builds one
 * request, makes one call on the client and maps its response.
 */
final class ExchangeMethod implements ProxyMethod {

    /** How the method calls. */
    enum Mode {
        /** Waits for the response. */
        SYNC,
        /** Returns a future of the mapped response. */
        ASYNC,
        /** Sends and returns, awaiting nothing. */
        ONEWAY
    }

    private final String name;
    private final RemotingClient client;
    /** Made once: a method reference made per call would be one more allocation per call. */
    private final FutureCompletion.AsyncInvoker asyncInvoker;
    private final RequestTemplate template;
    private final long timeoutMillis;
    private final Mode mode;
    private final ResponseMapper mapper;
    private final Class<?>[] declaredExceptions;

    /**
     * @param name the method as messages name it, {@code NameServerApi.getRoute(String)}
     * @param declaredExceptions what the method declares it throws: a checked failure of one of these types goes out
     *     as it is, any other is wrapped
     */
    ExchangeMethod(String name, RemotingClient client, RequestTemplate template, long timeoutMillis, Mode mode,
            ResponseMapper mapper, Class<?>[] declaredExceptions) {
        this.name = Objects.requireNonNull(name, "name");
        this.client = Objects.requireNonNull(client, "client");
        this.asyncInvoker = client::invokeAsync;
        this.template = Objects.requireNonNull(template, "template");
        this.timeoutMillis = timeoutMillis;
        this.mode = Objects.requireNonNull(mode, "mode");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.declaredExceptions = declaredExceptions.clone();
    }

    @Override
    public @Nullable Object call(Object proxy, @Nullable Object[] args) throws Exception {
        return switch (this.mode) {
            case SYNC -> callSync(args);
            case ASYNC -> callAsync(args);
            case ONEWAY -> callOneway(args);
        };
    }

    private @Nullable Object callSync(@Nullable Object[] args) throws Exception {
        RemotingCommand request = this.template.request(args);
        try {
            RemotingCommand response = this.client.invokeSync(this.template.address(args), request,
                    this.timeoutMillis);
            return this.mapper.map(request, response);
        } catch (RemotingException | InterruptedException e) {
            throw declaredOrWrapped(e);
        }
    }

    private @Nullable Object callOneway(@Nullable Object[] args) throws Exception {
        RemotingCommand request = this.template.request(args);
        try {
            this.client.invokeOneway(this.template.address(args), request, this.timeoutMillis);
            return null;
        } catch (RemotingException | InterruptedException e) {
            throw declaredOrWrapped(e);
        }
    }

    /**
     * Never throws and never blocks: what fails, before sending or after, completes the future. The client's own
     * callback completes the one future the caller gets, mapping on the way, rather than a future of the response
     * followed by a dependent one: that is half the futures and completions per call.
     */
    private CompletableFuture<?> callAsync(@Nullable Object[] args) {
        RemotingCommand request;
        try {
            request = this.template.request(args);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return FutureCompletion.call(this.asyncInvoker, this.template.address(args), request,
                this.timeoutMillis, response -> this.mapper.map(request, response));
    }

    /** The failure itself when the method declares it, else wrapped so that callers need not catch it. */
    private Exception declaredOrWrapped(Exception failure) {
        for (Class<?> declared : this.declaredExceptions) {
            if (declared.isInstance(failure)) {
                return failure;
            }
        }
        if (failure instanceof InterruptedException) {
            // The interrupt goes out unchecked: the flag is what is left to tell the caller's loop to stop.
            Thread.currentThread().interrupt();
        }
        return new RemotingInvocationException(this.name + " failed, and does not declare "
                + failure.getClass().getSimpleName() + ": " + failure.getMessage(), failure);
    }

    @Override
    public String toString() {
        return this.name;
    }
}
