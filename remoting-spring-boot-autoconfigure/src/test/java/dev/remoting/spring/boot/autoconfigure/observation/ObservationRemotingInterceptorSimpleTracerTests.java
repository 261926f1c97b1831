package dev.remoting.spring.boot.autoconfigure.observation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.InterceptedCall;
import dev.remoting.Interception;
import dev.remoting.RemotingMetricsListener.InvokeMode;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.spring.boot.autoconfigure.RemotingInterceptorFactory;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The spans of calls, with Micrometer's {@link SimpleTracer} behind the tracing handlers Boot registers: their names,
 * kinds, tags and errors, and which span is whose child. Propagation between processes is
 * {@link ObservationRemotingInterceptorTracingTests}' part (with Brave and W3C).
 */
class ObservationRemotingInterceptorSimpleTracerTests {

    private static final int CODE = 10;

    private final SimpleTracer tracer = new SimpleTracer();

    private final TestObservationRegistry registry = TestObservationRegistry.create();

    private final ObservationRemotingInterceptor client = new ObservationRemotingInterceptor(this.registry,
            "default", null, null);

    private final ObservationRemotingInterceptor server = new ObservationRemotingInterceptor(this.registry,
            RemotingInterceptorFactory.NO_CLIENT, null, null);

    ObservationRemotingInterceptorSimpleTracerTests() {
        Propagator nothingToPropagate = new NothingToPropagate(this.tracer);
        this.registry.observationConfig().observationHandler(new FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(this.tracer, nothingToPropagate),
                new PropagatingReceiverTracingObservationHandler<>(this.tracer, nothingToPropagate),
                new DefaultTracingObservationHandler(this.tracer)));
    }

    /** Injects nothing, and extracts a new root span of the SimpleTracer's own kind. */
    private record NothingToPropagate(SimpleTracer tracer) implements Propagator {

        @Override
        public List<String> fields() {
            return List.of();
        }

        @Override
        public <C> void inject(TraceContext context, @Nullable C carrier, Setter<C> setter) {
        }

        @Override
        public <C> Span.Builder extract(C carrier, Getter<C> getter) {
            return this.tracer.spanBuilder();
        }
    }

    @Test
    void aCallMadeInsideAnObservationIsAClientSpanChildOfItsSpanWithTheCallsTags() {
        Observation caller = Observation.start("caller", this.registry);
        try (Observation.Scope scope = caller.openScope()) {
            this.client.begin(clientCall()).end(RemotingCommand.createResponseCommand(0, null), null);
        }
        caller.stop();

        SimpleSpan callerSpan = span("caller");
        SimpleSpan call = span("remoting/" + CODE);
        assertThat(call.getKind()).isEqualTo(Span.Kind.CLIENT);
        assertThat(call.getTraceId()).isEqualTo(callerSpan.getTraceId());
        assertThat(call.getParentId()).isEqualTo(callerSpan.getSpanId());
        assertThat(call.getError()).isNull();
        assertThat(call.getTags()).containsEntry("code", String.valueOf(CODE)).containsEntry("outcome", "SUCCESS")
                .containsEntry("mode", "sync").containsEntry("response.code", "0").containsEntry("client", "default")
                .containsEntry("rpc.system", "apache_rocketmq_remoting").containsEntry("server.address", "127.0.0.1")
                .containsEntry("server.port", "10911");
    }

    @Test
    void aCallThatTimesOutHasItsExceptionAsTheSpansError() {
        RemotingTimeoutException timeout = new RemotingTimeoutException("no answer within 3000ms");
        this.client.begin(clientCall()).end(null, timeout);

        SimpleSpan call = span("remoting/" + CODE);
        assertThat(call.getError()).isSameAs(timeout);
        assertThat(call.getTags()).containsEntry("outcome", "TIMEOUT").containsEntry("response.code", "NONE");
    }

    @Test
    void anAnsweredRequestIsAServerSpanCurrentWhileTheHandlerRunsAndAFailureIsItsError() {
        Interception served = this.server.begin(InterceptedCall.server(
                RemotingCommand.createRequestCommand(CODE, null), "127.0.0.1:50000", true));
        Span current;
        try (Interception.Scope scope = served.openScope()) {
            current = this.tracer.currentSpan();
        }
        IllegalStateException failure = new IllegalStateException("handler broken");
        served.end(RemotingCommand.createResponseCommand(RemotingSysResponseCode.SYSTEM_ERROR, "broken"), failure);

        SimpleSpan span = span("remoting/" + CODE);
        assertThat(current).as("the handler's current span").isNotNull();
        assertThat(current.context().spanId()).isEqualTo(span.getSpanId());
        assertThat(span.getKind()).isEqualTo(Span.Kind.SERVER);
        assertThat(span.getParentId()).as("no caller's context came with the request").isNullOrEmpty();
        assertThat(span.getError()).isSameAs(failure);
        assertThat(span.getTags()).containsEntry("code", String.valueOf(CODE)).containsEntry("response.code", "1")
                .containsEntry("side", "server").containsEntry("client.address", "127.0.0.1")
                .containsEntry("client.port", "50000");
    }

    private static InterceptedCall clientCall() {
        return InterceptedCall.client(RemotingCommand.createRequestCommand(CODE, null), InvokeMode.SYNC,
                "127.0.0.1:10911");
    }

    private SimpleSpan span(String name) {
        return this.tracer.getSpans().stream().filter(span -> name.equals(span.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + this.tracer.getSpans()));
    }
}
