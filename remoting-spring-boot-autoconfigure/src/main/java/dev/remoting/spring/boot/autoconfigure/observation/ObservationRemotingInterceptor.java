package dev.remoting.spring.boot.autoconfigure.observation;

import dev.remoting.InterceptedCall;
import dev.remoting.Interception;
import dev.remoting.RemotingInterceptor;
import dev.remoting.exception.RemotingResponseException;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import dev.remoting.spring.boot.autoconfigure.RemotingInterceptorFactory;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Observes every call of one server or client: {@value DefaultRemotingClientObservationConvention#NAME} for the calls
 * it makes and {@value DefaultRemotingServerObservationConvention#NAME} for those it answers.
 * <p>
 * A client's observation starts when the call begins, on the calling thread, so that a tracing handler puts the trace
 * context into the request's extFields before the hooks sign them; it is the child of the observation current then.
 * Its scope, opened around an async call's callback, is that caller's: the callback runs where the call was made, not
 * inside the client span. The serving side's observation starts when the request arrives, continuing the caller's
 * trace from the extFields, and its scope, opened around the hooks and the processor, is its own.
 * <p>
 * A failure is the observation's error: on the client the call's exception or a response with a code other than
 * SUCCESS; on the serving side what the hooks or the processor threw (also when it chose the answer) or a
 * SYSTEM_ERROR response. With the no-op registry, or an observation a predicate turned off, a call costs a check (and
 * in the second case a context) and nothing else.
 */
public final class ObservationRemotingInterceptor implements RemotingInterceptor {

    private static final DefaultRemotingClientObservationConvention DEFAULT_CLIENT_CONVENTION =
            new DefaultRemotingClientObservationConvention();
    private static final DefaultRemotingServerObservationConvention DEFAULT_SERVER_CONVENTION =
            new DefaultRemotingServerObservationConvention();

    private final ObservationRegistry registry;
    private final String clientName;
    // Made once: every call's context carries it, and the default conventions tag the client with it.
    private final ClientName name;
    private final @Nullable RemotingClientObservationConvention clientConvention;
    private final @Nullable RemotingServerObservationConvention serverConvention;

    /**
     * @param registry where the observations go
     * @param clientName {@link RemotingClients#DEFAULT_NAME} or a name under {@code remoting.clients} for a client,
     *        {@link RemotingInterceptorFactory#NO_CLIENT} for the server
     * @param clientConvention replaces {@link DefaultRemotingClientObservationConvention}, or {@code null}
     * @param serverConvention replaces {@link DefaultRemotingServerObservationConvention}, or {@code null}
     */
    public ObservationRemotingInterceptor(ObservationRegistry registry, String clientName,
            @Nullable RemotingClientObservationConvention clientConvention,
            @Nullable RemotingServerObservationConvention serverConvention) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clientName = Objects.requireNonNull(clientName, "clientName");
        this.name = ClientName.of(clientName);
        this.clientConvention = clientConvention;
        this.serverConvention = serverConvention;
    }

    @Override
    public Interception begin(InterceptedCall call) {
        if (this.registry.isNoop()) {
            return Interception.NONE;
        }
        return call.side() == InterceptedCall.Side.CLIENT ? beginClient(call) : beginServer(call);
    }

    private Interception beginClient(InterceptedCall call) {
        RemotingClientObservationContext context = new RemotingClientObservationContext(call, this.name);
        Observation observation = RemotingObservationDocumentation.CLIENT.observation(this.clientConvention,
                DEFAULT_CLIENT_CONVENTION, () -> context, this.registry);
        if (observation.isNoop()) {
            return Interception.NONE;
        }
        return new ClientCall(observation.start(), context);
    }

    private Interception beginServer(InterceptedCall call) {
        RemotingServerObservationContext context = new RemotingServerObservationContext(call, this.name);
        Observation observation = RemotingObservationDocumentation.SERVER.observation(this.serverConvention,
                DEFAULT_SERVER_CONVENTION, () -> context, this.registry);
        if (observation.isNoop()) {
            return Interception.NONE;
        }
        return new ServedCall(observation.start(), context);
    }

    @Override
    public String toString() {
        return "ObservationRemotingInterceptor[" + this.clientName + "]";
    }

    /** Stops the observation, with the exception as its error, or else the failed response if there is one. */
    private static void stop(Observation observation, @Nullable Throwable error, @Nullable RemotingCommand failed) {
        if (error != null) {
            observation.error(error);
        } else if (failed != null) {
            observation.error(new RemotingResponseException(failed.getCode(), failed.getRemark()));
        }
        observation.stop();
    }

    /** A call this side makes. */
    private static final class ClientCall implements Interception {

        private final Observation observation;
        private final RemotingClientObservationContext context;

        ClientCall(Observation observation, RemotingClientObservationContext context) {
            this.observation = observation;
            this.context = context;
        }

        /** The caller's scope: what runs inside it (an async callback) belongs to the caller, not to the call. */
        @Override
        public Scope openScope() {
            Observation caller = this.context.getParentObservation() instanceof Observation parent ? parent : null;
            if (caller == null || caller.isNoop()) {
                return Scope.NONE;
            }
            return caller.openScope()::close;
        }

        /** A response with any code but SUCCESS failed the call, as the caller sees it. */
        @Override
        public void end(@Nullable RemotingCommand response, @Nullable Throwable error) {
            this.context.ended(response);
            stop(this.observation, error,
                    response != null && response.getCode() != RemotingSysResponseCode.SUCCESS ? response : null);
        }
    }

    /** A request this side answers. */
    private static final class ServedCall implements Interception {

        private final Observation observation;
        private final RemotingServerObservationContext context;

        ServedCall(Observation observation, RemotingServerObservationContext context) {
            this.observation = observation;
            this.context = context;
        }

        @Override
        public Scope openScope() {
            return this.observation.openScope()::close;
        }

        /** Only SYSTEM_ERROR failed the answer: other codes (busy, not found, ...) are answers the handler chose. */
        @Override
        public void end(@Nullable RemotingCommand response, @Nullable Throwable error) {
            this.context.ended(response);
            stop(this.observation, error,
                    response != null && response.getCode() == RemotingSysResponseCode.SYSTEM_ERROR ? response : null);
        }
    }
}
