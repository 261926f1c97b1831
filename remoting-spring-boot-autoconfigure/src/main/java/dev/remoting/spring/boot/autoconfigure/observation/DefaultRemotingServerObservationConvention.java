package dev.remoting.spring.boot.autoconfigure.observation;

import dev.remoting.spring.boot.autoconfigure.observation.RemotingObservationDocumentation.CommonLowCardinalityKeyNames;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * Names the requests this side answers {@value #NAME}, so that the timer Micrometer makes of them is the one the
 * starter has always had, with the same tags: {@code side} ({@code server}, or {@code client} for a client answering
 * a server-initiated request), {@code client} ({@code none} for the server, else the client's name), {@code code}
 * (the request code, which plays OpenTelemetry's {@code rpc.method}; {@code UNKNOWN} when no processor handles it, so
 * that peers cannot blow up its cardinality) and {@code response.code}; and, from OpenTelemetry's RPC conventions,
 * {@code rpc.system} ({@code apache_rocketmq_remoting}). The caller goes into the high-cardinality
 * {@code client.address} and {@code client.port}, which spans carry and timers do not. The span is named
 * {@code remoting/<code>}.
 * <p>
 * Every key has a method of its own to override. The default ones make nothing per call: the key values of the
 * codes, the client and the peer are made once and reused, as Micrometer asks for them at start and at stop.
 */
public class DefaultRemotingServerObservationConvention implements RemotingServerObservationConvention {

    /** The observation's name, which is the timer's. */
    public static final String NAME = "remoting.server.requests";

    private static final KeyValue UNKNOWN_CODE = CommonLowCardinalityKeyNames.CODE.withValue(KeyValueSupport.UNKNOWN);
    private static final String UNKNOWN_CONTEXTUAL_NAME = "remoting/" + KeyValueSupport.UNKNOWN;

    public DefaultRemotingServerObservationConvention() {
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(RemotingServerObservationContext context) {
        // Named after whatever code(context) says, which a subclass may change; the default key values have their
        // name made already.
        KeyValue code = code(context);
        if (code == UNKNOWN_CODE) {
            return UNKNOWN_CONTEXTUAL_NAME;
        }
        CodeValues values = CodeValues.of(context.getRequest().getCode());
        return code == values.code() ? values.contextualName() : "remoting/" + code.getValue();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(RemotingServerObservationContext context) {
        return KeyValues.of(rpcSystem(context), side(context), client(context), code(context),
                responseCode(context));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(RemotingServerObservationContext context) {
        PeerAddress peer = context.peer();
        return peer == null ? KeyValues.empty() : peer.asClient();
    }

    protected KeyValue rpcSystem(RemotingServerObservationContext context) {
        return KeyValueSupport.RPC_SYSTEM_VALUE;
    }

    protected KeyValue side(RemotingServerObservationContext context) {
        return context.isServer() ? KeyValueSupport.SIDE_SERVER : KeyValueSupport.SIDE_CLIENT;
    }

    protected KeyValue client(RemotingServerObservationContext context) {
        return context.clientKeyValue();
    }

    protected KeyValue code(RemotingServerObservationContext context) {
        return context.getCall().knownCode() ? CodeValues.of(context.getRequest().getCode()).code() : UNKNOWN_CODE;
    }

    protected KeyValue responseCode(RemotingServerObservationContext context) {
        return KeyValueSupport.responseCode(context.getResponse());
    }
}
