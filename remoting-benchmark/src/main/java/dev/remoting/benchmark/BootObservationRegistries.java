package dev.remoting.benchmark;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.handler.TracingAwareMeterObservationHandler;

/**
 * Observation registries with the handlers Spring Boot 4.2 registers, in its order. Left out: Boot's
 * property-driven observation predicate and filter, which do nothing with default properties.
 */
final class BootObservationRegistries {

    private BootObservationRegistries() {
    }

    /** The Actuator and no tracer: Boot's one meter handler over a {@link SimpleMeterRegistry}. */
    static ObservationRegistry metrics() {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(meterHandler(new SimpleMeterRegistry()));
        return registry;
    }

    /**
     * The Actuator and Brave: the tracing handlers as one first-matching group (sender, receiver, default), then the
     * meter handler wrapped as Boot's {@code TracingAndMeterObservationHandlerGroup} wraps it.
     */
    static ObservationRegistry traced(BootBraveTracing brave) {
        MeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig()
                .observationHandler(new FirstMatchingCompositeObservationHandler(
                        new PropagatingSenderTracingObservationHandler<>(brave.tracer(), brave.propagator()),
                        new PropagatingReceiverTracingObservationHandler<>(brave.tracer(), brave.propagator()),
                        new DefaultTracingObservationHandler(brave.tracer())))
                .observationHandler(new TracingAwareMeterObservationHandler<>(
                        meterHandler(meters), brave.tracer()));
        return registry;
    }

    /**
     * The meter handler as Boot 4.2's {@code MetricsAutoConfiguration} builds it: without the active-observation long
     * task timer unless {@code management.metrics.observations.include-active-long-task-timer=true}, which is off by
     * default. The handler's own constructor includes it, which would start and stop a long task timer per call that
     * an application on Boot's defaults does not pay for.
     */
    private static DefaultMeterObservationHandler meterHandler(MeterRegistry meters) {
        return DefaultMeterObservationHandler.builder(meters).includeActiveObservationLongTaskTimer(false).build();
    }
}
