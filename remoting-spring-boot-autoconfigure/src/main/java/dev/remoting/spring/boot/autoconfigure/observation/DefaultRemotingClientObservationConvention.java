package dev.remoting.spring.boot.autoconfigure.observation;

import dev.remoting.RemotingMetricsListener.CallOutcome;
import dev.remoting.RemotingMetricsListener.InvokeMode;
import dev.remoting.spring.boot.autoconfigure.RemotingInterceptorFactory;
import dev.remoting.spring.boot.autoconfigure.observation.RemotingObservationDocumentation.ClientLowCardinalityKeyNames;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.util.Arrays;
import java.util.Locale;

/**
 * Names a client's calls {@value #NAME}, so that the timer Micrometer makes of them is the one the starter has always
 * had, with the same tags: {@code side} ({@code client}; {@code server} for a server's calls to its clients),
 * {@code client} (the client's name), {@code code} (the request code, which plays OpenTelemetry's
 * {@code rpc.method}), {@code mode}, {@code outcome} and
 * {@code response.code}; and, from OpenTelemetry's RPC conventions, {@code rpc.system}
 * ({@code apache_rocketmq_remoting}). The peer goes into the high-cardinality {@code server.address} and
 * {@code server.port}, which spans carry and timers do not. The span is named {@code remoting/<code>}.
 * <p>
 * Every key has a method of its own to override. The default ones make nothing per call: the key values of the
 * codes, the client and the peer are made once and reused, as Micrometer asks for them at start and at stop.
 */
public class DefaultRemotingClientObservationConvention implements RemotingClientObservationConvention {

    /** The observation's name, which is the timer's. */
    public static final String NAME = "remoting.client.requests";

    private static final KeyValue[] MODES = Arrays.stream(InvokeMode.values())
            .map(mode -> ClientLowCardinalityKeyNames.MODE.withValue(mode.name().toLowerCase(Locale.ROOT)))
            .toArray(KeyValue[]::new);
    private static final KeyValue[] OUTCOMES = Arrays.stream(CallOutcome.values())
            .map(outcome -> ClientLowCardinalityKeyNames.OUTCOME.withValue(outcome.name()))
            .toArray(KeyValue[]::new);
    private static final KeyValue OUTCOME_UNKNOWN = ClientLowCardinalityKeyNames.OUTCOME
            .withValue(KeyValueSupport.UNKNOWN);

    public DefaultRemotingClientObservationConvention() {
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(RemotingClientObservationContext context) {
        return CodeValues.of(context.getRequest().getCode()).contextualName();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(RemotingClientObservationContext context) {
        return KeyValues.of(rpcSystem(context), side(context), client(context), code(context), mode(context),
                outcome(context), responseCode(context));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(RemotingClientObservationContext context) {
        PeerAddress peer = context.peer();
        return peer == null ? KeyValues.empty() : peer.asServer();
    }

    protected KeyValue rpcSystem(RemotingClientObservationContext context) {
        return KeyValueSupport.RPC_SYSTEM_VALUE;
    }

    /** {@code client}, or {@code server} for the calls a server makes to its clients: the side that makes them. */
    protected KeyValue side(RemotingClientObservationContext context) {
        return RemotingInterceptorFactory.NO_CLIENT.equals(context.getClientName()) ? KeyValueSupport.SIDE_SERVER
                : KeyValueSupport.SIDE_CLIENT;
    }

    protected KeyValue client(RemotingClientObservationContext context) {
        return context.clientKeyValue();
    }

    protected KeyValue code(RemotingClientObservationContext context) {
        return CodeValues.of(context.getRequest().getCode()).code();
    }

    protected KeyValue mode(RemotingClientObservationContext context) {
        return MODES[context.getCall().mode().ordinal()];
    }

    /** The {@link CallOutcome} of the response and error the call ended with; {@code UNKNOWN} while it runs. */
    protected KeyValue outcome(RemotingClientObservationContext context) {
        return context.isEnded() ? OUTCOMES[CallOutcome.of(context.getResponse(), context.getError()).ordinal()]
                : OUTCOME_UNKNOWN;
    }

    protected KeyValue responseCode(RemotingClientObservationContext context) {
        return KeyValueSupport.responseCode(context.getResponse());
    }
}
