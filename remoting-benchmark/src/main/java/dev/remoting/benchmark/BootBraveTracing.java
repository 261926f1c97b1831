package dev.remoting.benchmark;

import brave.Tracing;
import brave.baggage.BaggageFields;
import brave.baggage.BaggagePropagation;
import brave.baggage.CorrelationScopeConfig.SingleCorrelationField;
import brave.context.slf4j.MDCScopeDecorator;
import brave.propagation.CurrentTraceContext;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.sampler.Sampler;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.CompositeSpanHandler;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.exporter.SpanReporter;
import java.util.List;

/**
 * Brave as Spring Boot 4.2's {@code BraveAutoConfiguration} and {@code BravePropagationConfigurations} wire it with
 * their defaults (baggage on, W3C propagation, MDC correlation of traceId and spanId, 128-bit trace ids, no span
 * joining), except the sampler: every call is sampled, so that the figures show the cost of a recorded span, where
 * Boot's default probability of 0.1 would average it away. Finished spans go to {@code reporters}: none in a run,
 * since export is not what is measured, but Boot's {@link CompositeSpanHandler} still sees every span, as it does in
 * an application with no exporter.
 */
final class BootBraveTracing {

    private final BraveTracer tracer;
    private final BravePropagator propagator;

    private BootBraveTracing(BraveTracer tracer, BravePropagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    static BootBraveTracing create(List<SpanReporter> reporters) {
        BraveBaggageManager baggageManager = new BraveBaggageManager(List.of(), List.of());
        CurrentTraceContext currentTraceContext = ThreadLocalCurrentTraceContext.newBuilder()
                .addScopeDecorator(MDCScopeDecorator.newBuilder().clear()
                        .add(SingleCorrelationField.newBuilder(BaggageFields.TRACE_ID).name("traceId").build())
                        .add(SingleCorrelationField.newBuilder(BaggageFields.SPAN_ID).name("spanId").build())
                        .build())
                .build();
        Tracing tracing = Tracing.newBuilder()
                .currentTraceContext(currentTraceContext)
                .traceId128Bit(true)
                .supportsJoin(false)
                .propagationFactory(BaggagePropagation.newFactoryBuilder(
                        new W3CPropagation(baggageManager, List.of())).build())
                .sampler(Sampler.ALWAYS_SAMPLE)
                .localServiceName("remoting-benchmark")
                .addSpanHandler(new CompositeSpanHandler(List.of(), reporters, List.of()))
                .build();
        BraveTracer tracer = new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(currentTraceContext),
                baggageManager);
        return new BootBraveTracing(tracer, new BravePropagator(tracing));
    }

    BraveTracer tracer() {
        return tracer;
    }

    BravePropagator propagator() {
        return propagator;
    }
}
