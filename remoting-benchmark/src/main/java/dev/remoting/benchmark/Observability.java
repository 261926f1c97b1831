package dev.remoting.benchmark;

import dev.remoting.RemotingInterceptor;
import dev.remoting.RemotingService;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import dev.remoting.spring.boot.autoconfigure.RemotingInterceptorFactory;
import dev.remoting.spring.boot.autoconfigure.metrics.MicrometerRemotingMetricsListener;
import dev.remoting.spring.boot.autoconfigure.observation.ObservationRemotingInterceptor;
import dev.remoting.spring.boot.autoconfigure.observation.ObservationRemotingInterceptorFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the instrumented implementations add to ours default, as the starter adds it in a Spring Boot application:
 * the two timers recorded directly (the Actuator and nothing else that observes), or an
 * {@link ObservationRemotingInterceptor} on the client and on the server over a registry set up as Boot sets it up.
 * Each JVM builds a kind's registries once, on first use, as an application does at start-up, so meters and tracer
 * outlive the harness's fresh clients as they outlive an application's calls; the server JVM builds its own.
 */
enum Observability {

    /** Spring Boot with the Actuator and no tracer: the timers, recorded directly, as the starter does then. */
    METRICS(() -> null),

    /** Every call observed, Boot's meter handler making the timers: with a handler or convention of one's own. */
    OBSERVED(BootObservationRegistries::metrics),

    /** Spring Boot with the Actuator and Brave; spans are recorded and exported nowhere. */
    TRACED(() -> BootObservationRegistries.traced(BootBraveTracing.create(List.of())));

    /** What the instrumented implementations are, for the report. */
    static final String DESCRIPTION = "ours default's client and server as the starter instruments them: *metrics* "
            + "the two timers recorded directly into a `SimpleMeterRegistry` (`MicrometerRemotingMetricsListener`: "
            + "the Actuator and nothing else that observes); *observed* an `ObservationRemotingInterceptor` over a "
            + "registry with Boot's `DefaultMeterObservationHandler` (what a handler or convention of one's own "
            + "turns on); *traced* that handler (tracing-aware) after Boot's Brave tracing handlers (W3C "
            + "propagation, baggage, MDC correlation, every call sampled, spans exported nowhere)";

    private final Supplier<@Nullable ObservationRegistry> factory;
    private @Nullable ObservationRegistry registry;
    private @Nullable MeterRegistry meters;

    Observability(Supplier<@Nullable ObservationRegistry> factory) {
        this.factory = factory;
    }

    /** Instruments a server ({@code serverSide}) or a client before it starts. */
    synchronized void instrument(RemotingService service, boolean serverSide) {
        if (this == METRICS) {
            if (meters == null) {
                meters = new SimpleMeterRegistry();
            }
            service.setMetricsListener(new MicrometerRemotingMetricsListener(meters, serverSide ? "server" : "client",
                    serverSide ? RemotingInterceptorFactory.NO_CLIENT : RemotingClients.DEFAULT_NAME, true, true));
            return;
        }
        if (registry == null) {
            registry = factory.get();
        }
        RemotingInterceptor interceptor = serverSide ? serverInterceptor(registry) : clientInterceptor(registry);
        service.registerInterceptor(interceptor);
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
