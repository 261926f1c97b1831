package dev.remoting.spring.boot.autoconfigure.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import dev.remoting.annotation.Body;
import dev.remoting.annotation.RemotingExchange;
import dev.remoting.exception.RemotingResponseException;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.spring.annotation.ImportRemotingClients;
import dev.remoting.spring.annotation.RequestCodeHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Three applications, each started as a real Spring Boot application with Boot's Brave tracing: A calls B, whose
 * handler calls C, over loopback. One trace runs through all three, each span the child of the one that caused it,
 * failures mark the spans they cross, and the handlers' log lines carry the trace and span ids.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracingEndToEndTests {

    static final int RELAY = 3001;
    static final int HANDLE = 3002;
    static final int RELAY_ASYNC = 3003;

    private static final Logger log = LoggerFactory.getLogger(TracingEndToEndTests.class);

    private final Spans spans = new Spans();
    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

    @AfterEach
    void stopApplications() {
        // The caller first, so that no call is on its way to an application already gone.
        for (int i = this.apps.size() - 1; i >= 0; i--) {
            this.apps.get(i).close();
        }
    }

    @Test
    void aCallFromAThroughBToCIsOneTraceWithEachSpanTheChildOfTheOneThatCausedIt(CapturedOutput output) {
        BApi b = startChain();
        ObservationRegistry registry = this.apps.get(2).getBean(ObservationRegistry.class);

        String answer = Observation.createNotStarted("a.work", registry).observe(() -> b.relay("hello"));

        assertThat(answer).isEqualTo("c:hello");
        MutableSpan root = this.spans.one("a", s -> "a.work".equals(s.name()));
        MutableSpan aClient = this.spans.one("a", s -> s.kind() == brave.Span.Kind.CLIENT);
        MutableSpan bServer = this.spans.one("b", s -> s.kind() == brave.Span.Kind.SERVER);
        MutableSpan bClient = this.spans.one("b", s -> s.kind() == brave.Span.Kind.CLIENT);
        MutableSpan cServer = this.spans.one("c", s -> s.kind() == brave.Span.Kind.SERVER);
        assertThat(Stream.of(aClient, bServer, bClient, cServer).map(MutableSpan::traceId))
                .containsOnly(root.traceId());
        assertThat(aClient.parentId()).isEqualTo(root.id());
        assertThat(bServer.parentId()).isEqualTo(aClient.id());
        assertThat(bClient.parentId()).isEqualTo(bServer.id());
        assertThat(cServer.parentId()).isEqualTo(bClient.id());
        assertThat(Stream.of(aClient, bServer, bClient, cServer)).allSatisfy(span -> assertThat(span.error()).isNull());
        assertThat(aClient.tags()).containsEntry("code", String.valueOf(RELAY)).containsEntry("outcome", "SUCCESS");
        assertThat(cServer.tags()).containsEntry("code", String.valueOf(HANDLE)).containsEntry("response.code", "0");
        assertThat(lineWith(output, "B handled hello")).contains(root.traceId()).contains(bServer.id());
        assertThat(lineWith(output, "C handled hello")).contains(root.traceId()).contains(cServer.id());
    }

    @Test
    void aFailureInCMarksEverySpanOnItsWayBackAsAnError(CapturedOutput output) {
        BApi b = startChain();
        ObservationRegistry registry = this.apps.get(2).getBean(ObservationRegistry.class);

        assertThatThrownBy(() -> Observation.createNotStarted("a.work", registry).observe(() -> b.relay("fail")))
                .isInstanceOf(RemotingResponseException.class)
                .satisfies(e -> assertThat(((RemotingResponseException) e).getCode())
                        .isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR));

        MutableSpan root = this.spans.one("a", s -> "a.work".equals(s.name()));
        MutableSpan aClient = this.spans.one("a", s -> s.kind() == brave.Span.Kind.CLIENT);
        MutableSpan bServer = this.spans.one("b", s -> s.kind() == brave.Span.Kind.SERVER);
        MutableSpan bClient = this.spans.one("b", s -> s.kind() == brave.Span.Kind.CLIENT);
        MutableSpan cServer = this.spans.one("c", s -> s.kind() == brave.Span.Kind.SERVER);
        assertThat(Stream.of(aClient, bServer, bClient, cServer).map(MutableSpan::traceId))
                .containsOnly(root.traceId());
        assertThat(Stream.of(aClient, bServer, bClient, cServer)).allSatisfy(span -> assertThat(span.error())
                .as("error of %s", span).isNotNull());
        assertThat(cServer.tags()).containsEntry("response.code", String.valueOf(RemotingSysResponseCode.SYSTEM_ERROR));
        assertThat(bClient.tags()).containsEntry("outcome", "ERROR_RESPONSE");
        assertThat(lineWith(output, "C handled fail")).contains(root.traceId()).contains(cServer.id());
    }

    @Test
    void anAsyncCallsContinuationRunsInTheCallersContextAndItsSpansJoinTheTrace(CapturedOutput output)
            throws Exception {
        BApi b = startChain();
        ObservationRegistry registry = this.apps.get(2).getBean(ObservationRegistry.class);

        Observation work = Observation.start("a.work", registry);
        CompletableFuture<String> continued;
        try (Observation.Scope scope = work.openScope()) {
            continued = b.relayAsync("later").thenApply(answer -> {
                log.info("A continued with {}", answer);
                return answer;
            });
        }
        assertThat(continued.get(10, TimeUnit.SECONDS)).isEqualTo("c:later");
        work.stop();

        MutableSpan root = this.spans.one("a", s -> "a.work".equals(s.name()));
        MutableSpan cServer = this.spans.one("c", s -> s.kind() == brave.Span.Kind.SERVER);
        assertThat(cServer.traceId()).isEqualTo(root.traceId());
        // The continuation ran in the caller's context: the root span, not the client span of the call.
        assertThat(lineWith(output, "A continued with c:later")).contains(root.traceId()).contains(root.id());
    }

    @Test
    void withB3PropagationTheContextTravelsInB3Fields() {
        BApi b = startChain("management.tracing.propagation.type=b3");
        ObservationRegistry registry = this.apps.get(2).getBean(ObservationRegistry.class);

        Observation.createNotStarted("a.work", registry).observe(() -> b.relay("b3"));

        MutableSpan root = this.spans.one("a", s -> "a.work".equals(s.name()));
        MutableSpan bClient = this.spans.one("b", s -> s.kind() == brave.Span.Kind.CLIENT);
        assertThat(this.spans.one("c", s -> s.kind() == brave.Span.Kind.SERVER).traceId()).isEqualTo(root.traceId());
        Map<String, String> fields = this.apps.get(0).getBean(CHandlers.class).extFields.remove();
        assertThat(fields).doesNotContainKey("traceparent")
                .containsEntry("b3", root.traceId() + "-" + bClient.id() + "-1-" + bClient.parentId());
    }

    @Test
    void withW3CPropagationTheContextTravelsInTraceparent() {
        BApi b = startChain();
        ObservationRegistry registry = this.apps.get(2).getBean(ObservationRegistry.class);

        Observation.createNotStarted("a.work", registry).observe(() -> b.relay("w3c"));

        MutableSpan root = this.spans.one("a", s -> "a.work".equals(s.name()));
        MutableSpan bClient = this.spans.one("b", s -> s.kind() == brave.Span.Kind.CLIENT);
        Map<String, String> fields = this.apps.get(0).getBean(CHandlers.class).extFields.remove();
        assertThat(fields).doesNotContainKey("b3")
                .containsEntry("traceparent", "00-" + root.traceId() + "-" + bClient.id() + "-01");
    }

    /** Starts C, then B calling C, then A calling B, each with these properties; returns A's client of B. */
    private BApi startChain(String... properties) {
        ConfigurableApplicationContext c = start(CApp.class, "c", properties);
        ConfigurableApplicationContext b = start(BApp.class, "b", properties,
                "remoting.clients.c.name-servers=" + address(c));
        ConfigurableApplicationContext a = start(AApp.class, "a", properties,
                "remoting.client.name-servers=" + address(b), "remoting.server.enabled=false");
        return a.getBean(BApi.class);
    }

    private ConfigurableApplicationContext start(Class<?> app, String name, String[] shared, String... properties) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(app)
                .web(WebApplicationType.NONE)
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("spans", this.spans.handler(name)))
                .properties("spring.application.name=" + name, "remoting.server.port=0",
                        "remoting.server.bind-address=127.0.0.1", "remoting.server.shutdown-grace-period=0s",
                        "management.tracing.sampling.probability=1.0", "spring.main.banner-mode=off",
                        // Boot's own log pattern, which carries the trace and span ids once tracing is on.
                        "logging.config=classpath:boot-default-logback.xml")
                .properties(shared)
                .properties(properties)
                .run();
        this.apps.add(context);
        return context;
    }

    private static String address(ConfigurableApplicationContext context) {
        return "127.0.0.1:" + context.getEnvironment().getProperty("local.remoting.server.port");
    }

    private static String lineWith(CapturedOutput output, String text) {
        await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains(text));
        return output.getOut().lines().filter(line -> line.contains(text)).findFirst().orElseThrow();
    }

    /** The spans each application finished, by application name. */
    static final class Spans {

        private final Map<String, Queue<MutableSpan>> byApp = new ConcurrentHashMap<>();

        SpanHandler handler(String app) {
            Queue<MutableSpan> finished = this.byApp.computeIfAbsent(app, name -> new ConcurrentLinkedQueue<>());
            return new SpanHandler() {
                @Override
                public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                    if (cause == Cause.FINISHED) {
                        finished.add(span);
                    }
                    return true;
                }
            };
        }

        /** Waits for the one span of the application that matches: a span ends after its call returns. */
        MutableSpan one(String app, Predicate<MutableSpan> which) {
            Queue<MutableSpan> finished = this.byApp.get(app);
            await().atMost(Duration.ofSeconds(5)).until(() -> finished.stream().anyMatch(which));
            List<MutableSpan> matching = finished.stream().filter(which).toList();
            assertThat(matching).as("spans of %s", app).hasSize(1);
            return matching.get(0);
        }
    }

    interface BApi {

        @RemotingExchange(code = RELAY)
        String relay(@Body String text);

        @RemotingExchange(code = RELAY_ASYNC)
        CompletableFuture<String> relayAsync(@Body String text);
    }

    interface CApi {

        @RemotingExchange(code = HANDLE)
        String handle(@Body String text);
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @ImportRemotingClients(BApi.class)
    static class AApp {
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @ImportRemotingClients(types = CApi.class, client = "c")
    static class BApp {

        @Bean
        BHandlers bHandlers(CApi c) {
            return new BHandlers(c);
        }
    }

    static final class BHandlers {

        private final CApi c;

        BHandlers(CApi c) {
            this.c = c;
        }

        @RequestCodeHandler(code = RELAY)
        String relay(@Body String text) {
            log.info("B handled {}", text);
            return this.c.handle(text);
        }

        @RequestCodeHandler(code = RELAY_ASYNC)
        String relayAsync(@Body String text) {
            return relay(text);
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class CApp {

        @Bean
        CHandlers cHandlers() {
            return new CHandlers();
        }
    }

    static final class CHandlers {

        /** The propagation fields of each request C handled: the extFields that are not the body's header. */
        final Queue<Map<String, String>> extFields = new ConcurrentLinkedQueue<>();

        @RequestCodeHandler(code = HANDLE)
        String handle(@Body String text, RemotingCommand request) {
            this.extFields.add(Map.copyOf(request.getExtFields()));
            log.info("C handled {}", text);
            if ("fail".equals(text)) {
                throw new IllegalStateException("C fails on purpose");
            }
            return "c:" + text;
        }
    }
}
