package dev.remoting.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.remoting.annotation.CFNotNull;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.NettyRequestProcessor;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.spring.annotation.RequestCodeHandler.Side;
import dev.remoting.spring.annotation.RequestCodeHandler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole application over real loopback sockets: annotated handlers answer real calls on their executors, meters
 * follow calls in flight, and the Actuator endpoints answer over HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "remoting.server.port=0",
    "remoting.server.bind-address=127.0.0.1",
    "remoting.server.shutdown-grace-period=2s",
    "remoting.client.async-permits=100",
    "remoting.client.name-servers=127.0.0.1:9876",
    "remoting.executors.send.threads=2",
    "remoting.executors.pull.threads=2",
    "remoting.executors.slow.threads=1",
    "remoting.executors.slow.queue-capacity=1",
    "management.endpoints.web.exposure.include=health,remoting,metrics,prometheus",
    "management.endpoint.health.show-details=always",
    "management.metrics.distribution.percentiles.remoting.client.requests=0.5,0.99"})
@AutoConfigureRestTestClient
class RemotingApplicationIntegrationTests {

    static final int SEND = 10;
    static final int SEND_BATCH = 310;
    static final int PULL = 11;
    static final int PULL_ASYNC = 12;
    static final int DEDICATED = 13;
    static final int ONEWAY = 14;
    static final int SLOW = 15;
    static final int FROM_SERVER = 16;

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Value("${local.remoting.server.port}")
    private int remotingPort;

    @Autowired
    private NettyRemotingClient client;

    @Autowired
    private NettyRemotingServer server;

    @Autowired
    private MeterRegistry registry;

    @Autowired
    private RemotingExecutors executors;

    @Autowired
    private MethodHandlers methodHandlers;

    @Autowired
    private RestTestClient http;

    @Test
    void publishedPortIsTheBoundOne() {
        assertThat(this.remotingPort).isPositive().isEqualTo(this.server.localListenPort());
    }

    @Test
    void classStyleHandlerAnswersBothOfItsCodesOnTheSendExecutor() throws Exception {
        for (int code : new int[] {SEND, SEND_BATCH}) {
            RemotingCommand response = call(request(code, null, null));
            assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
            assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("sent " + code);
            assertThat(response.getRemark()).startsWith("send-");
        }
    }

    @Test
    void methodHandlerDecodesHeaderBodyAndChannelAndAnswersWithAResponseHeader() throws Exception {
        PullRequestHeader header = new PullRequestHeader("orders", 3);
        RemotingCommand response = call(request(PULL, header, "abcd"));
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        PullResponseHeader answer = response.decodeCommandCustomHeader(PullResponseHeader.class);
        assertThat(answer.thread).startsWith("pull-");
        assertThat(answer.topic).isEqualTo("orders");
        assertThat(answer.queueId).isEqualTo(3);
        assertThat(answer.bodyLength).isEqualTo(4);
        assertThat(answer.remote).isEqualTo(
                this.client.getChannels().get(addr()).localAddress().toString());
    }

    @Test
    void missingRequiredHeaderFieldIsAnsweredWithSystemErrorNamingIt() throws Exception {
        RemotingCommand response = call(request(PULL, null, "abcd"));
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
        assertThat(response.getRemark()).contains("topic");
    }

    @Test
    void methodHandlerReturningAFutureAnswersWhenItCompletes() throws Exception {
        RemotingCommand response = call(request(PULL_ASYNC, null, null));
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        String[] parts = response.getRemark().split("\\|");
        assertThat(parts[0]).startsWith("pull-");
        assertThat(parts[1]).as("completed on another thread").doesNotStartWith("pull-");
        assertThat(parts[2]).isEqualTo("true");
    }

    @Test
    void methodHandlerWithoutExecutorRunsOnItsDedicatedExecutor() throws Exception {
        RemotingCommand response = call(request(DEDICATED, null, null));
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(response.getRemark()).startsWith("methodHandlers.dedicated-");
        assertThat(this.executors.all()).containsKey("methodHandlers.dedicated");
    }

    @Test
    void voidMethodHandlerTakesOnewayRequests() throws Exception {
        this.methodHandlers.oneway.clear();
        this.client.invokeOneway(addr(), request(ONEWAY, new PullRequestHeader("events", 1), "fire"), 3000);
        String call = this.methodHandlers.oneway.poll(5, TimeUnit.SECONDS);
        assertThat(call).isNotNull();
        String[] parts = call.split("\\|");
        assertThat(parts[0]).startsWith("send-");
        assertThat(parts[1]).isEqualTo("events");
        assertThat(parts[2]).isEqualTo("fire");
    }

    @Test
    void voidMethodHandlerAnswersARequestWithEmptySuccess() throws Exception {
        this.methodHandlers.oneway.clear();
        RemotingCommand response = call(request(ONEWAY, new PullRequestHeader("events", 1), "sync"));
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(response.getBody()).isNull();
        assertThat(this.methodHandlers.oneway.poll(5, TimeUnit.SECONDS)).endsWith("|sync");
    }

    @Test
    void clientSideHandlerAnswersACallFromTheServer() throws Exception {
        call(request(SEND, null, null));
        Channel toClient = serverChannelOfTheClient();
        RemotingCommand response = this.server.invokeSync(toClient, request(FROM_SERVER, null, null), 3000);
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(response.getRemark()).startsWith("clientHandlers.fromServer-");
        // Timed on both ends: the server's call under the server's tags, the client's answer under the client's.
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(this.registry.get("remoting.client.requests").tag("side", "server").tag("client", "none")
                    .tag("code", String.valueOf(FROM_SERVER)).tag("outcome", "SUCCESS").timer().count()).isOne();
            assertThat(this.registry.get("remoting.server.requests").tag("side", "client").tag("client", "default")
                    .tag("code", String.valueOf(FROM_SERVER)).timer().count()).isOne();
        });
        // A client-side handler is not a server handler.
        assertThat(call(request(FROM_SERVER, null, null)).getCode())
                .isEqualTo(RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED);
    }

    @Test
    void metersAndEndpointsFollowCallsInFlight() throws Exception {
        long rejectedBefore = this.executors.rejectedCount("slow");
        double completedBefore = executorCompleted("slow");
        double busyBefore = serverRequests(String.valueOf(SLOW), "2");
        CountDownLatch release = this.methodHandlers.blockSlowCalls();
        try {
            CompletableFuture<RemotingCommand> running = this.client.invoke(addr(), request(SLOW, null, null), 20_000);
            await().atMost(WAIT).until(() -> this.methodHandlers.slowEntered.get() == 1);
            CompletableFuture<RemotingCommand> queued = this.client.invoke(addr(), request(SLOW, null, null), 20_000);
            await().atMost(WAIT).untilAsserted(() -> assertThat(gauge("executor.queued", "name", "slow")).isEqualTo(1));
            // One thread, one queue slot: the third call is turned away.
            RemotingCommand rejected = this.client.invoke(addr(), request(SLOW, null, null), 20_000)
                    .get(5, TimeUnit.SECONDS);
            assertThat(rejected.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_BUSY);

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(gauge("remoting.calls.pending", "side", "client")).isEqualTo(2);
                assertThat(this.registry.get("remoting.semaphore.available").tag("side", "client")
                        .tag("kind", "async").gauge().value()).isEqualTo(98);
            });
            assertThat(gauge("remoting.calls.pending", "side", "server")).isZero();
            assertThat(gauge("executor.active", "name", "slow")).isEqualTo(1);
            assertThat(gauge("remoting.connections", "side", "server")).isEqualTo(1);
            assertThat(gauge("remoting.connections", "side", "client")).isEqualTo(1);
            await().atMost(WAIT).until(() -> serverRequests(String.valueOf(SLOW), "2") == busyBefore + 1);

            JsonNode remoting = getJson("/actuator/remoting");
            JsonNode slow = remoting.path("executors").path("slow");
            assertThat(slow.path("corePoolSize").asInt()).isEqualTo(1);
            assertThat(slow.path("maxPoolSize").asInt()).isEqualTo(1);
            assertThat(slow.path("poolSize").asInt()).isEqualTo(1);
            assertThat(slow.path("queueCapacity").asInt()).isEqualTo(1);
            assertThat(slow.path("active").asInt()).isEqualTo(1);
            assertThat(slow.path("queued").asInt()).isEqualTo(1);
            assertThat(slow.path("rejected").asLong()).isEqualTo(rejectedBefore + 1);
            assertThat(remoting.path("client").path("responseTableSize").asInt()).isEqualTo(2);
            assertThat(remoting.path("client").path("permits").path("async").asInt()).isEqualTo(98);

            JsonNode health = getJson("/actuator/health");
            assertThat(health.path("components").path("remoting").path("details").path("client")
                    .path("pendingCalls").asInt()).isEqualTo(2);

            assertThat(running).isNotDone();
            release.countDown();
            assertThat(running.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
            assertThat(queued.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
            assertThat(running.get().getRemark()).startsWith("slow-");
        } finally {
            release.countDown();
        }
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(gauge("remoting.calls.pending", "side", "client")).isZero();
            assertThat(this.registry.get("remoting.semaphore.available").tag("side", "client").tag("kind", "async")
                    .gauge().value()).isEqualTo(100);
            assertThat(gauge("executor.active", "name", "slow")).isZero();
            assertThat(executorCompleted("slow")).isEqualTo(completedBefore + 2);
        });
    }

    @Test
    void requestTimersAreTaggedWithCodeModeAndOutcome() throws Exception {
        double serverSend = serverRequests("10", "0");
        double serverOneway = serverRequests("14", "NONE");
        double clientSync = clientRequests("10", "sync", "SUCCESS");
        double clientAsync = clientRequests("310", "async", "SUCCESS");
        double clientOneway = clientRequests("14", "oneway", "SUCCESS");
        this.methodHandlers.oneway.clear();

        call(request(SEND, null, null));
        call(request(SEND, null, null));
        this.client.invoke(addr(), request(SEND_BATCH, null, null), 3000).get(5, TimeUnit.SECONDS);
        this.client.invokeOneway(addr(), request(ONEWAY, new PullRequestHeader("t", 0), "x"), 3000);
        assertThat(this.methodHandlers.oneway.poll(5, TimeUnit.SECONDS)).isNotNull();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(serverRequests("10", "0")).isEqualTo(serverSend + 2);
            assertThat(serverRequests("14", "NONE")).isEqualTo(serverOneway + 1);
            assertThat(clientRequests("10", "sync", "SUCCESS")).isEqualTo(clientSync + 2);
            assertThat(clientRequests("310", "async", "SUCCESS")).isEqualTo(clientAsync + 1);
            assertThat(clientRequests("14", "oneway", "SUCCESS")).isEqualTo(clientOneway + 1);
        });
    }

    @Test
    void requestTimerPercentilesAreConfiguredTheUsualBootWay() throws Exception {
        call(request(SEND, null, null));
        Timer timer = this.registry.get("remoting.client.requests").tag("code", "10").tag("mode", "sync").timer();
        assertThat(timer.takeSnapshot().percentileValues()).extracting(ValueAtPercentile::percentile)
                .containsExactly(0.5, 0.99);
        await().atMost(WAIT).until(() -> serverRequests("10", "0") > 0);
        Timer serverTimer = this.registry.get("remoting.server.requests").tag("code", "10").timer();
        assertThat(serverTimer.takeSnapshot().percentileValues()).isEmpty();
    }

    @Test
    void unknownRequestCodesCollapseIntoOneTagValue() throws Exception {
        double unknown = serverRequests("UNKNOWN", "3");
        assertThat(call(request(4242, null, null)).getCode())
                .isEqualTo(RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        assertThat(call(request(4243, null, null)).getCode())
                .isEqualTo(RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        await().atMost(WAIT).untilAsserted(() -> assertThat(serverRequests("UNKNOWN", "3")).isEqualTo(unknown + 2));
        assertThat(this.registry.find("remoting.server.requests").tag("code", "4242").timers()).isEmpty();
        assertThat(this.registry.find("remoting.server.requests").tag("code", "4243").timers()).isEmpty();
    }

    @Test
    void healthShowsRemotingUpWithTheServerPort() throws Exception {
        JsonNode health = getJson("/actuator/health");
        JsonNode remoting = health.path("components").path("remoting");
        assertThat(remoting.path("status").asString()).isEqualTo("UP");
        assertThat(remoting.path("details").path("server").path("port").asInt()).isEqualTo(this.remotingPort);
        assertThat(remoting.path("details").path("server").has("connections")).isTrue();
        assertThat(remoting.path("details").path("client").path("nameServers").get(0).asString())
                .isEqualTo("127.0.0.1:9876");
    }

    @Test
    void remotingEndpointDescribesHandlersExecutorsAndClient() throws Exception {
        call(request(SEND, null, null));
        await().atMost(WAIT).until(() -> this.executors.all().get("send").getCompletedTaskCount() >= 1);
        JsonNode remoting = getJson("/actuator/remoting");

        JsonNode server = remoting.path("server");
        assertThat(server.path("port").asInt()).isEqualTo(this.remotingPort);
        assertThat(server.path("state").asString()).isEqualTo("SERVING");
        JsonNode processors = server.path("processors");
        assertThat(processors.path("10").path("handler").asString()).contains("sendHandler");
        assertThat(processors.path("10").path("executor").asString()).isEqualTo("send");
        assertThat(processors.path("310").path("executor").asString()).isEqualTo("send");
        assertThat(processors.path("11").path("handler").asString()).contains("methodHandlers#pull");
        assertThat(processors.path("11").path("executor").asString()).isEqualTo("pull");
        assertThat(processors.path("13").path("executor").asString()).isEqualTo("methodHandlers.dedicated");
        assertThat(processors.has("16")).isFalse();
        assertThat(server.path("connections")).hasSize(1);
        JsonNode connection = server.path("connections").get(0);
        assertThat(connection.path("active").asBoolean()).isTrue();
        assertThat(connection.path("writable").asBoolean()).isTrue();
        assertThat(connection.path("idleMillis").isNumber()).isTrue();
        assertThat(connection.path("idleMillis").asLong()).isBetween(0L, 60_000L);

        JsonNode send = remoting.path("executors").path("send");
        assertThat(send.path("poolSize").asInt()).isPositive();
        assertThat(send.path("corePoolSize").asInt()).isEqualTo(2);
        // Every executor has a number for each, the public ones too.
        for (Map.Entry<String, JsonNode> executor : remoting.path("executors").properties()) {
            for (Map.Entry<String, JsonNode> value : executor.getValue().properties()) {
                assertThat(value.getValue().isNumber()).as(executor.getKey() + "." + value.getKey()).isTrue();
            }
        }
        assertThat(send.has("active")).isTrue();
        assertThat(send.has("queued")).isTrue();
        assertThat(send.path("completed").asLong()).isPositive();
        assertThat(send.path("rejected").asLong()).isZero();

        JsonNode client = remoting.path("client");
        assertThat(client.path("nameServers").get(0).asString()).isEqualTo("127.0.0.1:9876");
        assertThat(client.path("processors").path("16").path("handler").asString())
                .contains("clientHandlers#fromServer");
        assertThat(client.path("channels").get(0).path("remoteAddress").asString()).isEqualTo(addr());
        assertThat(client.path("channels").get(0).path("idleMillis").asLong()).isBetween(0L, 60_000L);
    }

    @Test
    void metricsEndpointServesTheRemotingMeters() throws Exception {
        call(request(SEND, null, null));
        JsonNode metric = getJson("/actuator/metrics/remoting.server.requests");
        assertThat(metric.path("availableTags").findValuesAsString("tag")).contains("code", "response.code");
    }

    @Test
    void prometheusScrapeHasTheDocumentedSeriesAfterSyncAsyncAndOnewayCalls() throws Exception {
        call(request(SEND, null, null));
        CompletableFuture<RemotingCommand> async = new CompletableFuture<>();
        this.client.invokeAsync(addr(), request(SEND, null, null), 3000,
                future -> async.complete(future.getResponseCommand()));
        assertThat(async.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        this.client.invokeOneway(addr(), request(ONEWAY, new PullRequestHeader("t", 0), "x"), 3000);

        await().atMost(WAIT).untilAsserted(() -> assertThat(scrape())
                // The names README lists: Prometheus appends a base unit and _total, which no name repeats.
                .contains("remoting_server_requests_seconds_count{", "remoting_client_requests_seconds_count{",
                        "remoting_semaphore_available_permits{", "remoting_calls_pending{", "remoting_connections{",
                        "remoting_events_dropped_total{", "remoting_connections_refused_total{",
                        "executor_queued_tasks{")
                .doesNotContain("remoting_connections_refused_connections_total",
                        "remoting_events_dropped_events_total", "remoting_response_table_size_calls")
                .containsPattern("remoting_client_requests_seconds_count\\{[^}]*mode=\"async\"")
                .containsPattern("remoting_client_requests_seconds_count\\{[^}]*mode=\"oneway\""));
    }

    private String scrape() {
        return this.http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private String addr() {
        return "127.0.0.1:" + this.remotingPort;
    }

    private RemotingCommand call(RemotingCommand request) throws Exception {
        return this.client.invokeSync(addr(), request, 3000);
    }

    private static RemotingCommand request(int code, CommandCustomHeader header, String body) {
        RemotingCommand request = RemotingCommand.createRequestCommand(code, header);
        if (body != null) {
            request.setBody(body.getBytes(StandardCharsets.UTF_8));
        }
        return request;
    }

    private Channel serverChannelOfTheClient() {
        Channel clientChannel = this.client.getChannels().get(addr());
        assertThat(clientChannel).isNotNull();
        return this.server.getChannels().stream()
                .filter(channel -> channel.remoteAddress().equals(clientChannel.localAddress()))
                .findFirst().orElseThrow();
    }

    private double gauge(String name, String tag, String value) {
        return this.registry.get(name).tag(tag, value).gauge().value();
    }

    private double executorCompleted(String name) {
        FunctionCounter counter = this.registry.get("executor.completed").tag("name", name).functionCounter();
        return counter.count();
    }

    private double serverRequests(String code, String responseCode) {
        Timer timer = this.registry.find("remoting.server.requests").tag("side", "server").tag("code", code)
                .tag("response.code", responseCode).timer();
        return timer == null ? 0 : timer.count();
    }

    private double clientRequests(String code, String mode, String outcome) {
        Timer timer = this.registry.find("remoting.client.requests").tag("side", "client").tag("code", code)
                .tag("mode", mode).tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    private JsonNode getJson(String path) {
        String body = this.http.get().uri(path).exchange().expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody();
        return JsonMapper.shared().readTree(body);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({SendHandler.class, MethodHandlers.class, ClientHandlers.class})
    static class TestApplication {
    }

    /** A request header with a required field. */
    static class PullRequestHeader implements CommandCustomHeader {

        @CFNotNull
        private String topic;

        private Integer queueId;

        PullRequestHeader() {
        }

        PullRequestHeader(String topic, Integer queueId) {
            this.topic = topic;
            this.queueId = queueId;
        }

        @Override
        public void checkFields() {
        }
    }

    /** What the pull handler saw, sent back as a response header. */
    static class PullResponseHeader implements CommandCustomHeader {

        private String thread;
        private String topic;
        private Integer queueId;
        private Integer bodyLength;
        private String remote;

        @Override
        public void checkFields() {
        }
    }

    @Component("sendHandler")
    @RequestCodeHandler(code = {SEND, SEND_BATCH}, executor = "send")
    static class SendHandler implements NettyRequestProcessor {

        @Override
        public RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) {
            RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS,
                    Thread.currentThread().getName());
            response.setBody(("sent " + request.getCode()).getBytes(StandardCharsets.UTF_8));
            return response;
        }
    }

    @Component("methodHandlers")
    static class MethodHandlers {

        final BlockingQueue<String> oneway = new LinkedBlockingQueue<>();
        final AtomicInteger slowEntered = new AtomicInteger();
        private volatile CountDownLatch slowRelease = new CountDownLatch(0);

        CountDownLatch blockSlowCalls() {
            this.slowEntered.set(0);
            this.slowRelease = new CountDownLatch(1);
            return this.slowRelease;
        }

        @RequestCodeHandler(code = PULL, executor = "pull")
        PullResponseHeader pull(PullRequestHeader header, byte[] body, Channel channel) {
            PullResponseHeader response = new PullResponseHeader();
            response.thread = Thread.currentThread().getName();
            response.topic = header.topic;
            response.queueId = header.queueId;
            response.bodyLength = body.length;
            response.remote = channel.remoteAddress().toString();
            return response;
        }

        @RequestCodeHandler(code = PULL_ASYNC, executor = "pull")
        CompletableFuture<RemotingCommand> pullAsync(RemotingCommand request, ChannelHandlerContext ctx) {
            String invokedOn = Thread.currentThread().getName();
            return CompletableFuture.supplyAsync(() -> RemotingCommand.createResponseCommand(
                    RemotingSysResponseCode.SUCCESS, invokedOn + "|" + Thread.currentThread().getName() + "|"
                            + ctx.channel().isActive()));
        }

        @RequestCodeHandler(code = DEDICATED)
        RemotingCommand dedicated(RemotingCommand request) {
            return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS,
                    Thread.currentThread().getName());
        }

        @RequestCodeHandler(code = ONEWAY, executor = "send")
        void oneway(PullRequestHeader header, byte[] body) {
            this.oneway.add(Thread.currentThread().getName() + "|" + header.topic + "|"
                    + new String(body, StandardCharsets.UTF_8));
        }

        @RequestCodeHandler(code = SLOW, executor = "slow")
        RemotingCommand slow(RemotingCommand request) throws InterruptedException {
            this.slowEntered.incrementAndGet();
            boolean released = this.slowRelease.await(20, TimeUnit.SECONDS);
            return RemotingCommand.createResponseCommand(
                    released ? RemotingSysResponseCode.SUCCESS : RemotingSysResponseCode.SYSTEM_ERROR,
                    Thread.currentThread().getName());
        }
    }

    @Component("clientHandlers")
    static class ClientHandlers {

        @RequestCodeHandler(code = FROM_SERVER, side = Side.CLIENT)
        RemotingCommand fromServer(RemotingCommand request, ChannelHandlerContext ctx) {
            return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS,
                    Thread.currentThread().getName());
        }
    }
}
