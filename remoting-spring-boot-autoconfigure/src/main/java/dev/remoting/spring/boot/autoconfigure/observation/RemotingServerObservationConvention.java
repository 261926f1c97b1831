package dev.remoting.spring.boot.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of a request this side answers. A bean of this type replaces
 * {@link DefaultRemotingServerObservationConvention}; extend that to change a key or two.
 */
public interface RemotingServerObservationConvention extends ObservationConvention<RemotingServerObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof RemotingServerObservationContext;
    }
}
