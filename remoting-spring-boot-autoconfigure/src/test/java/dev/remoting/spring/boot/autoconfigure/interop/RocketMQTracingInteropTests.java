package dev.remoting.spring.boot.autoconfigure.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import dev.remoting.annotation.CFNotNull;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import dev.remoting.spring.annotation.RequestCodeHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingServer;
import org.apache.rocketmq.remoting.netty.NettyRequestProcessor;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.MDC;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A RocketMQ 5.3.1 peer that knows nothing of tracing is unaffected by it (issue #14): our traced Spring Boot
 * application (Boot's Brave auto-configuration, every span sampled) against RocketMQ's own {@code NettyRemotingClient}
 * and {@code NettyRemotingServer}, over loopback.
 *
 * <ul>
 * <li>A RocketMQ client's call carries no trace context: it is answered, its custom header decodes on our side, and
 * our server span starts a new trace, the one the handler's MDC and current span belong to.</li>
 * <li>Our client's calls carry {@code traceparent} in their extFields: RocketMQ's server answers them, decodes their
 * custom header to the values sent, and sees the extra field as one more extField, with our client span's ids.</li>
 * </ul>
 */
class RocketMQTracingInteropTests {

    static final int ECHO = 1001;

    static final long TIMEOUT_MILLIS = 15_000;
    static final Duration WAIT = Duration.ofSeconds(15);

    /** Header values with non-ASCII text, JSON-escaped characters, a negative int and a long beyond int range. */
    static final String TEXT = "h\u00e9llo \"w\u00f6rld\" \\ \u2713";
    static final int COUNT = -42;
    static final long STAMP = (1L << 40) + 7;

    private final Queue<MutableSpan> spans = new ConcurrentLinkedQueue<>();
    private @Nullable ConfigurableApplicationContext app;
    private org.apache.rocketmq.remoting.netty.@Nullable NettyRemotingClient rocketMQClient;
    private @Nullable NettyRemotingServer rocketMQServer;

    @AfterEach
    void stop() {
        // The caller first, so that no call is on its way to a peer already gone.
        if (this.rocketMQClient != null) {
            this.rocketMQClient.shutdown();
        }
        if (this.app != null) {
            this.app.close();
        }
        if (this.rocketMQServer != null) {
            this.rocketMQServer.shutdown();
        }
    }

    // ------------------------------------------------------------------ a RocketMQ client calls our application

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializeType.class)
    void anUntracedRocketMQClientsCallIsAnsweredAndStartsANewTraceOnOurServer(SerializeType type) throws Exception {
        Handled handled = new Handled();
        ConfigurableApplicationContext server = startApp(ServerApp.class, handled,
                "remoting.client.enabled=false");
        String addr = "127.0.0.1:" + server.getEnvironment().getProperty("local.remoting.server.port");
        org.apache.rocketmq.remoting.netty.NettyRemotingClient client = startRocketMQClient();

        org.apache.rocketmq.remoting.protocol.RemotingCommand first = client.invokeSync(addr, theirRequest(type),
                TIMEOUT_MILLIS);
        org.apache.rocketmq.remoting.protocol.RemotingCommand second = client.invokeSync(addr, theirRequest(type),
                TIMEOUT_MILLIS);

        for (org.apache.rocketmq.remoting.protocol.RemotingCommand response : List.of(first, second)) {
            assertThat(response.getCode()).as("response code (remark: %s)", response.getRemark())
                    .isEqualTo(RemotingSysResponseCode.SUCCESS);
            TheirHeader answer = response.decodeCommandCustomHeader(TheirHeader.class);
            assertThat(answer.text).isEqualTo(TEXT + "!");
            assertThat(answer.count).isEqualTo(COUNT + 1);
            assertThat(answer.stamp).isEqualTo(STAMP + 1);
        }
        List<MutableSpan> serverSpans = awaitSpans(2, span -> span.kind() == brave.Span.Kind.SERVER);
        List<Handled.Call> calls = List.of(handled.next(), handled.next());
        for (int i = 0; i < 2; i++) {
            MutableSpan span = serverSpans.get(i);
            Handled.Call call = calls.get(i);
            assertThat(span.parentId()).as("parent of our server span: none, a new trace").isNull();
            assertThat(span.error()).isNull();
            assertThat(span.tags()).containsEntry("code", String.valueOf(ECHO)).containsEntry("response.code", "0");
            assertThat(call.header().text).isEqualTo(TEXT);
            assertThat(call.header().count).isEqualTo(COUNT);
            assertThat(call.header().stamp).isEqualTo(STAMP);
            assertThat(call.type()).as("serialize type the handler saw").isEqualTo(type);
            assertThat(call.extFields()).as("the RocketMQ client sent no trace context")
                    .doesNotContainKeys("traceparent", "b3", "X-B3-TraceId");
            assertThat(call.mdcTraceId()).as("the handler's MDC").isEqualTo(span.traceId());
            assertThat(call.traceId()).as("the handler's current span").isEqualTo(span.traceId());
            assertThat(call.spanId()).isEqualTo(span.id());
        }
        assertThat(serverSpans.get(0).traceId()).as("each untraced call is a trace of its own")
                .isNotEqualTo(serverSpans.get(1).traceId());
    }

    // ------------------------------------------------------------------ our application calls a RocketMQ server

    enum Mode {
        SYNC, ASYNC, ONEWAY
    }

    static Stream<Arguments> typeMode() {
        return Stream.of(SerializeType.values())
                .flatMap(type -> Stream.of(Mode.values()).map(mode -> Arguments.of(type, mode)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("typeMode")
    void ourTracedCallReachesARocketMQServerWhichDecodesItsHeaderAndIgnoresTheTraceContext(SerializeType type,
            Mode mode) throws Exception {
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        String addr = startRocketMQServer(received);
        ConfigurableApplicationContext caller = startApp(ClientApp.class, new Handled(),
                "remoting.server.enabled=false",
                "remoting.client.serialize-type=" + type.name().toLowerCase());
        NettyRemotingClient client = caller.getBean(NettyRemotingClient.class);
        ObservationRegistry registry = caller.getBean(ObservationRegistry.class);
        RemotingCommand request = RemotingCommand.createRequestCommand(ECHO, OurHeader.sample());

        RemotingCommand response = Observation.createNotStarted("caller.work", registry).observeChecked(() ->
                switch (mode) {
                    case SYNC -> client.invokeSync(addr, request, TIMEOUT_MILLIS);
                    case ASYNC -> async(client, addr, request);
                    case ONEWAY -> {
                        client.invokeOneway(addr, request, TIMEOUT_MILLIS);
                        yield null;
                    }
                });

        Received arrived = await().atMost(WAIT).until(received::poll, Objects::nonNull);
        assertThat(arrived.oneway()).isEqualTo(mode == Mode.ONEWAY);
        assertThat(arrived.type()).as("serialize type RocketMQ's processor saw").isEqualTo(type.name());
        assertThat(arrived.header().text).isEqualTo(TEXT);
        assertThat(arrived.header().count).isEqualTo(COUNT);
        assertThat(arrived.header().stamp).isEqualTo(STAMP);
        MutableSpan root = awaitSpans(1, span -> "caller.work".equals(span.name())).get(0);
        MutableSpan clientSpan = awaitSpans(1, span -> span.kind() == brave.Span.Kind.CLIENT).get(0);
        assertThat(clientSpan.traceId()).isEqualTo(root.traceId());
        assertThat(clientSpan.parentId()).isEqualTo(root.id());
        assertThat(arrived.extFields()).as("what RocketMQ's processor sees: the header's fields and ours")
                .containsEntry("text", TEXT)
                .containsEntry("traceparent", "00-" + clientSpan.traceId() + "-" + clientSpan.id() + "-01");
        if (mode == Mode.ONEWAY) {
            assertThat(response).isNull();
        } else {
            assertThat(response).isNotNull();
            assertThat(response.getCode()).as("response code (remark: %s)", response.getRemark())
                    .isEqualTo(RemotingSysResponseCode.SUCCESS);
            OurHeader answer = response.decodeCommandCustomHeader(OurHeader.class);
            assertThat(answer.text).isEqualTo(TEXT + "!");
            assertThat(answer.count).isEqualTo(COUNT + 1);
            assertThat(answer.stamp).isEqualTo(STAMP + 1);
            assertThat(clientSpan.error()).isNull();
            assertThat(clientSpan.tags()).containsEntry("outcome", "SUCCESS");
        }
        assertThat(received).isEmpty();
    }

    @Test
    void aRocketMQServerAnswersOurTracedCallsInBothSerializeTypesOnOneConnection() throws Exception {
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        String addr = startRocketMQServer(received);
        ConfigurableApplicationContext caller = startApp(ClientApp.class, new Handled(),
                "remoting.server.enabled=false");
        NettyRemotingClient client = caller.getBean(NettyRemotingClient.class);
        ObservationRegistry registry = caller.getBean(ObservationRegistry.class);

        for (SerializeType type : SerializeType.values()) {
            RemotingCommand request = RemotingCommand.createRequestCommand(ECHO, OurHeader.sample());
            request.setSerializeTypeCurrentRPC(type);
            RemotingCommand response = Observation.createNotStarted("caller.work", registry)
                    .observeChecked(() -> client.invokeSync(addr, request, TIMEOUT_MILLIS));
            assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
            Received arrived = await().atMost(WAIT).until(received::poll, Objects::nonNull);
            assertThat(arrived.type()).isEqualTo(type.name());
            assertThat(arrived.header().text).isEqualTo(TEXT);
            assertThat(arrived.extFields()).containsKey("traceparent");
        }
        List<MutableSpan> clientSpans = awaitSpans(2, span -> span.kind() == brave.Span.Kind.CLIENT);
        assertThat(clientSpans).extracting(MutableSpan::traceId).doesNotHaveDuplicates();
    }

    // ----------------------------------------------------------------------------------------------- set-up

    /**
     * Starts a real Spring Boot application with Brave tracing, every span sampled and kept in {@link #spans}, and
     * {@code handled} as a bean.
     */
    private ConfigurableApplicationContext startApp(Class<?> type, Handled handled, String... properties) {
        SpanHandler collector = new SpanHandler() {
            @Override
            public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                if (cause == Cause.FINISHED) {
                    RocketMQTracingInteropTests.this.spans.add(span);
                }
                return true;
            }
        };
        ConfigurableApplicationContext started = new SpringApplicationBuilder(type)
                .web(WebApplicationType.NONE)
                .initializers(ctx -> {
                    ctx.getBeanFactory().registerSingleton("spans", collector);
                    ctx.getBeanFactory().registerSingleton("handled", handled);
                })
                .properties("spring.application.name=traced", "remoting.server.port=0",
                        "remoting.server.bind-address=127.0.0.1", "remoting.server.shutdown-grace-period=0s",
                        "management.tracing.sampling.probability=1.0", "spring.main.banner-mode=off")
                .properties(properties)
                .run();
        this.app = started;
        return started;
    }

    private org.apache.rocketmq.remoting.netty.NettyRemotingClient startRocketMQClient() {
        QuickStopRocketMQClient client = new QuickStopRocketMQClient(new NettyClientConfig());
        client.start();
        this.rocketMQClient = client;
        return client;
    }

    /** Starts RocketMQ's server on a free port with an echo processor; returns its address. */
    private String startRocketMQServer(BlockingQueue<Received> received) {
        NettyServerConfig config = new NettyServerConfig();
        config.setBindAddress("127.0.0.1");
        config.setListenPort(0);
        NettyRemotingServer server = new NettyRemotingServer(config);
        server.registerProcessor(ECHO, new NettyRequestProcessor() {
            @Override
            public org.apache.rocketmq.remoting.protocol.RemotingCommand processRequest(ChannelHandlerContext ctx,
                    org.apache.rocketmq.remoting.protocol.RemotingCommand request) throws Exception {
                // RocketMQ's own decoding, which reads the header's fields and leaves any other extField alone.
                TheirHeader header = request.decodeCommandCustomHeader(TheirHeader.class);
                received.add(new Received(request.getSerializeTypeCurrentRPC().name(), request.isOnewayRPC(),
                        header, new HashMap<>(request.getExtFields())));
                org.apache.rocketmq.remoting.protocol.RemotingCommand response =
                        org.apache.rocketmq.remoting.protocol.RemotingCommand
                                .createResponseCommand(TheirHeader.class);
                TheirHeader answer = (TheirHeader) response.readCustomHeader();
                answer.text = header.text + "!";
                answer.count = header.count + 1;
                answer.stamp = header.stamp + 1;
                response.setCode(RemotingSysResponseCode.SUCCESS);
                response.setRemark(null);
                return response;
            }

            @Override
            public boolean rejectRequest() {
                return false;
            }
        }, null);
        server.start();
        this.rocketMQServer = server;
        assertThat(server.localListenPort()).isPositive();
        return "127.0.0.1:" + server.localListenPort();
    }

    private static org.apache.rocketmq.remoting.protocol.RemotingCommand theirRequest(SerializeType type) {
        org.apache.rocketmq.remoting.protocol.RemotingCommand request =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(ECHO,
                        TheirHeader.sample());
        request.setSerializeTypeCurrentRPC(
                org.apache.rocketmq.remoting.protocol.SerializeType.valueOf(type.name()));
        return request;
    }

    /** An async call: {@code invoke} is {@code invokeAsync} with a callback that completes the future. */
    private static RemotingCommand async(NettyRemotingClient client, String addr, RemotingCommand request) {
        CompletableFuture<RemotingCommand> answered = client.invoke(addr, request, TIMEOUT_MILLIS);
        assertThat(answered).succeedsWithin(WAIT);
        return answered.join();
    }

    /** Waits for {@code count} finished spans that match (a span ends after its call returned), in end order. */
    private List<MutableSpan> awaitSpans(int count, Predicate<MutableSpan> which) {
        await().atMost(WAIT).until(() -> this.spans.stream().filter(which).count() >= count);
        List<MutableSpan> matching = this.spans.stream().filter(which).toList();
        assertThat(matching).hasSize(count);
        return matching;
    }

    /** What RocketMQ's processor saw. */
    record Received(String type, boolean oneway, TheirHeader header, Map<String, String> extFields) {
    }

    /** What our handler saw, in arrival order: its header, its trace context (MDC and current span). */
    static final class Handled {

        record Call(OurHeader header, @Nullable SerializeType type, Map<String, String> extFields,
                @Nullable String mdcTraceId, @Nullable String traceId, @Nullable String spanId) {
        }

        private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();

        Call next() {
            return await().atMost(WAIT).until(this.calls::poll, Objects::nonNull);
        }
    }

    // --------------------------------------------------------------------------------------------- the apps

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ServerApp {

        @Bean
        EchoHandler echoHandler(Tracer tracer, Handled handled) {
            return new EchoHandler(tracer, handled);
        }
    }

    static final class EchoHandler {

        private final Tracer tracer;
        private final Handled handled;

        EchoHandler(Tracer tracer, Handled handled) {
            this.tracer = tracer;
            this.handled = handled;
        }

        @RequestCodeHandler(code = ECHO)
        OurHeader echo(OurHeader header, RemotingCommand request) {
            Span current = this.tracer.currentSpan();
            Map<String, String> extFields = new HashMap<>();
            if (request.getExtFields() != null) {
                request.getExtFields().forEach((key, value) -> extFields.put(key, String.valueOf(value)));
            }
            this.handled.calls.add(new Handled.Call(header, request.getSerializeTypeCurrentRPC(), extFields,
                    MDC.get("traceId"), current == null ? null : current.context().traceId(),
                    current == null ? null : current.context().spanId()));
            OurHeader answer = new OurHeader();
            answer.text = header.text + "!";
            answer.count = header.count + 1;
            answer.stamp = header.stamp + 1;
            return answer;
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ClientApp {
    }

    // ------------------------------------------------------------------------------------------ the headers

    /** Our header; {@link TheirHeader} has the same field names. */
    public static final class OurHeader implements CommandCustomHeader {
        @CFNotNull
        private String text;
        private int count;
        private long stamp;

        public OurHeader() {
        }

        static OurHeader sample() {
            OurHeader header = new OurHeader();
            header.text = TEXT;
            header.count = COUNT;
            header.stamp = STAMP;
            return header;
        }

        @Override
        public void checkFields() {
        }
    }

    /** RocketMQ's twin of {@link OurHeader}: public with a public constructor, RocketMQ makes it reflectively. */
    public static final class TheirHeader implements org.apache.rocketmq.remoting.CommandCustomHeader {
        @org.apache.rocketmq.remoting.annotation.CFNotNull
        private String text;
        private int count;
        private long stamp;

        public TheirHeader() {
        }

        static TheirHeader sample() {
            TheirHeader header = new TheirHeader();
            header.text = TEXT;
            header.count = COUNT;
            header.stamp = STAMP;
            return header;
        }

        @Override
        public void checkFields() {
        }
    }

    /**
     * RocketMQ's client, stopping its event thread with an interrupt: the plain {@code shutdown()} joins a thread that
     * polls its queue every 3 s without interrupting it (as remoting-core's interop tests do).
     */
    static final class QuickStopRocketMQClient extends org.apache.rocketmq.remoting.netty.NettyRemotingClient {

        QuickStopRocketMQClient(NettyClientConfig config) {
            super(config);
        }

        @Override
        public void shutdown() {
            ((org.apache.rocketmq.common.ServiceThread) nettyEventExecutor).shutdown(true);
            super.shutdown();
        }
    }
}
