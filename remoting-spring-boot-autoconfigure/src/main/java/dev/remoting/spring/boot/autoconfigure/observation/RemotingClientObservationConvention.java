package dev.remoting.spring.boot.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of a call a client makes. A bean of this type replaces
 * {@link DefaultRemotingClientObservationConvention}; extend that to change a key or two.
 */
public interface RemotingClientObservationConvention extends ObservationConvention<RemotingClientObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof RemotingClientObservationContext;
    }
}
