package dev.remoting.spring.boot.autoconfigure.observation;

import dev.remoting.protocol.RemotingCommand;
import dev.remoting.spring.boot.autoconfigure.observation.RemotingObservationDocumentation.CommonLowCardinalityKeyNames;
import io.micrometer.common.KeyValue;
import org.jspecify.annotations.Nullable;

/** What both default conventions tag alike; the constant key values are made once, as they are read twice a call. */
final class KeyValueSupport {

    static final String RPC_SYSTEM = "apache_rocketmq_remoting";
    static final String NONE = "NONE";
    static final String UNKNOWN = "UNKNOWN";

    static final KeyValue RPC_SYSTEM_VALUE = CommonLowCardinalityKeyNames.RPC_SYSTEM.withValue(RPC_SYSTEM);
    static final KeyValue SIDE_CLIENT = CommonLowCardinalityKeyNames.SIDE.withValue("client");
    static final KeyValue SIDE_SERVER = CommonLowCardinalityKeyNames.SIDE.withValue("server");
    static final KeyValue NO_RESPONSE_CODE = CommonLowCardinalityKeyNames.RESPONSE_CODE.withValue(NONE);

    private KeyValueSupport() {
    }

    static KeyValue responseCode(@Nullable RemotingCommand response) {
        return response == null ? NO_RESPONSE_CODE : CodeValues.of(response.getCode()).responseCode();
    }
}
