package dev.remoting.spring.boot.autoconfigure.observation;

import dev.remoting.RemotingInterceptor;
import dev.remoting.spring.boot.autoconfigure.RemotingInterceptorFactory;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;

/**
 * Makes each auto-configured server's and client's {@link ObservationRemotingInterceptor}. A type of its own, so that
 * an application's {@link RemotingInterceptorFactory} beans add to the observations rather than replace them. It comes
 * first, so that the observation of a call spans what the other interceptors do.
 */
public final class ObservationRemotingInterceptorFactory implements RemotingInterceptorFactory, Ordered {

    private final ObservationRegistry registry;
    private final @Nullable RemotingClientObservationConvention clientConvention;
    private final @Nullable RemotingServerObservationConvention serverConvention;

    /**
     * @param clientConvention replaces {@link DefaultRemotingClientObservationConvention}, or {@code null}
     * @param serverConvention replaces {@link DefaultRemotingServerObservationConvention}, or {@code null}
     */
    public ObservationRemotingInterceptorFactory(ObservationRegistry registry,
            @Nullable RemotingClientObservationConvention clientConvention,
            @Nullable RemotingServerObservationConvention serverConvention) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clientConvention = clientConvention;
        this.serverConvention = serverConvention;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** Returns none for the no-op registry: calls then pay nothing for observations, not even a check. */
    @Override
    public @Nullable RemotingInterceptor create(String clientName) {
        if (this.registry.isNoop()) {
            return null;
        }
        return new ObservationRemotingInterceptor(this.registry, clientName, this.clientConvention,
                this.serverConvention);
    }
}
