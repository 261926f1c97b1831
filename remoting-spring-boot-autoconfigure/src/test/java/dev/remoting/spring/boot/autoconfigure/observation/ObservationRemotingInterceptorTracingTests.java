package dev.remoting.spring.boot.autoconfigure.observation;

import static org.assertj.core.api.Assertions.assertThat;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import dev.remoting.InterceptedCall;
import dev.remoting.Interception;
import dev.remoting.RemotingMetricsListener.InvokeMode;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.spring.boot.autoconfigure.RemotingInterceptorFactory;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Trace propagation through the request's extFields, with Micrometer's tracing handlers over Brave and W3C
 * {@code traceparent}, as Boot sets them up.
 */
class ObservationRemotingInterceptorTracingTests {

    private final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

    private final Tracing tracing = Tracing.newBuilder()
            .currentTraceContext(ThreadLocalCurrentTraceContext.newBuilder().build())
            .propagationFactory(new W3CPropagation())
            .traceId128Bit(true)
            .sampler(Sampler.ALWAYS_SAMPLE)
            .addSpanHandler(new SpanHandler() {
                @Override
                public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                    ObservationRemotingInterceptorTracingTests.this.spans.add(span);
                    return true;
                }
            })
            .build();

    private final Tracer tracer = new BraveTracer(this.tracing.tracer(),
            new BraveCurrentTraceContext(this.tracing.currentTraceContext()), new BraveBaggageManager());

    private final ObservationRegistry registry = ObservationRegistry.create();

    private final ObservationRemotingInterceptor client;

    private final ObservationRemotingInterceptor server;

    ObservationRemotingInterceptorTracingTests() {
        BravePropagator propagator = new BravePropagator(this.tracing);
        this.registry.observationConfig().observationHandler(new FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(this.tracer, propagator),
                new PropagatingReceiverTracingObservationHandler<>(this.tracer, propagator),
                new DefaultTracingObservationHandler(this.tracer)));
        this.client = new ObservationRemotingInterceptor(this.registry, "default", null, null);
        this.server = new ObservationRemotingInterceptor(this.registry, RemotingInterceptorFactory.NO_CLIENT, null,
                null);
    }

    @AfterEach
    void close() {
        this.tracing.close();
    }

    @Test
    void theClientPutsTraceparentIntoTheRequestAndTheServerContinuesTheTraceAsItsChild() {
        RemotingCommand request = RemotingCommand.createRequestCommand(105, null);
        Interception call = this.client.begin(InterceptedCall.client(request, InvokeMode.SYNC, "127.0.0.1:10911"));
        assertThat(request.getExtFields()).containsKey("traceparent");

        Interception served = this.server.begin(InterceptedCall.server(request, "127.0.0.1:50000", true));
        try (Interception.Scope scope = served.openScope()) {
            Span current = this.tracer.currentSpan();
            assertThat(current).isNotNull();
            assertThat(current.context().traceId()).isEqualTo(traceIdIn(request));
        }
        served.end(RemotingCommand.createResponseCommand(0, null), null);
        call.end(RemotingCommand.createResponseCommand(0, null), null);

        assertThat(this.spans).hasSize(2);
        MutableSpan serverSpan = span(brave.Span.Kind.SERVER);
        MutableSpan clientSpan = span(brave.Span.Kind.CLIENT);
        assertThat(serverSpan.traceId()).isEqualTo(clientSpan.traceId());
        assertThat(serverSpan.parentId()).isEqualTo(clientSpan.id());
        assertThat(clientSpan.name()).isEqualTo("remoting/105");
        assertThat(clientSpan.remoteIp()).isEqualTo("127.0.0.1");
        assertThat(clientSpan.remotePort()).isEqualTo(10911);
        assertThat(clientSpan.remoteServiceName()).isEqualTo("remoting");
        assertThat(clientSpan.tags()).containsEntry("server.address", "127.0.0.1").containsEntry("code", "105")
                .containsEntry("rpc.system", "apache_rocketmq_remoting");
        assertThat(serverSpan.tags()).containsEntry("client.port", "50000");
    }

    @Test
    void aRequestWithoutTraceparentStartsANewTrace() {
        RemotingCommand request = RemotingCommand.createRequestCommand(105, null);
        this.server.begin(InterceptedCall.server(request, "127.0.0.1:50000", true))
                .end(RemotingCommand.createResponseCommand(0, null), null);

        assertThat(this.spans).singleElement().satisfies(span -> {
            assertThat(span.kind()).isEqualTo(brave.Span.Kind.SERVER);
            assertThat(span.parentId()).isNull();
        });
    }

    @Test
    void aCallBegunInsideAnObservationIsItsChildAndItsScopeRestoresTheCallersSpan() {
        Observation caller = Observation.start("caller", this.registry);
        RemotingCommand request = RemotingCommand.createRequestCommand(10, null);
        Interception call;
        Span callerSpan;
        try (Observation.Scope ignored = caller.openScope()) {
            callerSpan = this.tracer.currentSpan();
            call = this.client.begin(InterceptedCall.client(request, InvokeMode.ASYNC, "127.0.0.1:10911"));
        }
        assertThat(this.tracer.currentSpan()).isNull();

        // As on the I/O thread that runs the async callback.
        try (Interception.Scope scope = call.openScope()) {
            assertThat(this.tracer.currentSpan().context().spanId()).isEqualTo(callerSpan.context().spanId());
        }
        assertThat(this.tracer.currentSpan()).isNull();
        call.end(RemotingCommand.createResponseCommand(0, null), null);
        caller.stop();

        MutableSpan clientSpan = span(brave.Span.Kind.CLIENT);
        assertThat(clientSpan.traceId()).isEqualTo(callerSpan.context().traceId());
        assertThat(clientSpan.parentId()).isEqualTo(callerSpan.context().spanId());
        assertThat(traceIdIn(request)).isEqualTo(callerSpan.context().traceId());
    }

    @Test
    void anErrorResponseMarksTheClientSpan() {
        this.client.begin(InterceptedCall.client(RemotingCommand.createRequestCommand(10, null), InvokeMode.SYNC,
                "127.0.0.1:10911")).end(RemotingCommand.createResponseCommand(16, "no permission"), null);

        assertThat(span(brave.Span.Kind.CLIENT).error()).hasMessageContaining("no permission");
    }

    private MutableSpan span(brave.Span.Kind kind) {
        return this.spans.stream().filter(span -> span.kind() == kind).findFirst().orElseThrow();
    }

    /** {@code 00-<trace id>-<span id>-<flags>}. */
    private static String traceIdIn(RemotingCommand request) {
        return request.getExtFields().get("traceparent").split("-")[1];
    }
}
