package dev.remoting.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.exporter.FinishedSpan;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ours-traced measures what it claims only if the server continues the client's trace: a server span that is the
 * child of the client span proves that the traceparent went into the request and was read back. Client and server
 * each get their own Brave, as in their two JVMs, with a reporter in place of Boot's exporters so the spans can be
 * seen; the run itself reports nowhere.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TraceContinuationTest {

    @Test
    void serverSpanIsTheChildOfTheClientSpan() throws Exception {
        BlockingQueue<FinishedSpan> clientSpans = new LinkedBlockingQueue<>();
        BlockingQueue<FinishedSpan> serverSpans = new LinkedBlockingQueue<>();
        ExecutorService business = Executors.newFixedThreadPool(1, new DefaultThreadFactory("TraceTest", true));
        ObservationRegistry serverRegistry = BootObservationRegistries.traced(
                BootBraveTracing.create(List.of(serverSpans::add)));
        OursBench.Server server = new OursBench.Server(false, business, new ServerCounters(),
                service -> service.registerInterceptor(Observability.serverInterceptor(serverRegistry)));
        try {
            int port = server.start("127.0.0.1");
            ObservationRegistry clientRegistry = BootObservationRegistries.traced(
                    BootBraveTracing.create(List.of(clientSpans::add)));
            try (BenchClient client = new OursBench.Client(false, Runner.addresses(port, 1),
                    service -> service.registerInterceptor(Observability.clientInterceptor(clientRegistry)))) {
                byte[] body = Runner.body(128);
                Runner.checkFullEcho(client.sync(0, Codes.ECHO, body), body);
                assertChild(clientSpans.poll(10, TimeUnit.SECONDS), serverSpans.poll(10, TimeUnit.SECONDS));

                client.oneway(0, Codes.ONEWAY, body);
                assertChild(clientSpans.poll(10, TimeUnit.SECONDS), serverSpans.poll(10, TimeUnit.SECONDS));
            }
        } finally {
            server.close();
            business.shutdownNow();
        }
    }

    private static void assertChild(FinishedSpan clientSpan, FinishedSpan serverSpan) {
        assertThat(clientSpan).as("client span").isNotNull();
        assertThat(serverSpan).as("server span").isNotNull();
        assertThat(clientSpan.getKind()).isEqualTo(Span.Kind.CLIENT);
        assertThat(serverSpan.getKind()).isEqualTo(Span.Kind.SERVER);
        assertThat(serverSpan.getTraceId()).hasSize(32).isEqualTo(clientSpan.getTraceId());
        assertThat(serverSpan.getParentId()).isEqualTo(clientSpan.getSpanId());
    }
}
