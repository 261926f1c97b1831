package dev.remoting.benchmark;

import dev.remoting.RemotingInterceptor;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import dev.remoting.spring.boot.autoconfigure.RemotingInterceptorFactory;
import dev.remoting.spring.boot.autoconfigure.observation.ObservationRemotingInterceptor;
import dev.remoting.spring.boot.autoconfigure.observation.ObservationRemotingInterceptorFactory;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the observed implementations add to ours default: an {@link ObservationRemotingInterceptor} on the client and
 * on the server, over a registry set up as in a Spring Boot application. Each JVM builds a kind's registry once, on
 * first use, as an application does at start-up, so meters and tracer outlive the harness's fresh clients as they
 * outlive an application's calls; the server JVM builds its own.
 */
enum Observability {

    /**
     * What an application whose registry is {@code ObservationRegistry.NOOP} pays: the starter registers no interceptor
     * then, so this is ours default run through the starter's factory.
     */
    NOOP(() -> ObservationRegistry.NOOP),

    /** Spring Boot with the Actuator and no tracer. */
    METRICS(BootObservationRegistries::metrics),

    /** Spring Boot with the Actuator and Brave; spans are recorded and exported nowhere. */
    TRACED(() -> BootObservationRegistries.traced(BootBraveTracing.create(List.of())));

    /** What the observed implementations are, for the report. */
    static final String DESCRIPTION = "ours default's client and server, each with an `ObservationRemotingInterceptor`"
            + " over its JVM's registry, made by the starter's factory: *no-op* `ObservationRegistry.NOOP` (for which"
            + " the factory makes no interceptor); *metrics* Boot's "
            + "`DefaultMeterObservationHandler` over a `SimpleMeterRegistry`; *traced* that handler (tracing-aware) "
            + "after Boot's Brave tracing handlers (W3C propagation, baggage, MDC correlation, every call sampled, "
            + "spans exported nowhere)";

    private final Supplier<ObservationRegistry> factory;
    private ObservationRegistry registry;

    Observability(Supplier<ObservationRegistry> factory) {
        this.factory = factory;
    }

    synchronized ObservationRegistry registry() {
        if (registry == null) {
            registry = factory.get();
        }
        return registry;
    }

    @Nullable RemotingInterceptor clientInterceptor() {
        return clientInterceptor(registry());
    }

    @Nullable RemotingInterceptor serverInterceptor() {
        return serverInterceptor(registry());
    }

    /** The interceptor the starter gives the default client, with the default conventions; none for NOOP. */
    static @Nullable RemotingInterceptor clientInterceptor(ObservationRegistry registry) {
        return new ObservationRemotingInterceptorFactory(registry, null, null).create(RemotingClients.DEFAULT_NAME);
    }

    /** The interceptor the starter gives the server, with the default conventions; none for NOOP. */
    static @Nullable RemotingInterceptor serverInterceptor(ObservationRegistry registry) {
        return new ObservationRemotingInterceptorFactory(registry, null, null)
                .create(RemotingInterceptorFactory.NO_CLIENT);
    }
}
