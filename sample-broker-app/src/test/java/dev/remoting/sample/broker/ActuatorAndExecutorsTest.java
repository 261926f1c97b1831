package dev.remoting.sample.broker;

import static dev.remoting.sample.broker.BrokerFixture.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.remoting.sample.protocol.BrokerCodes;
import dev.remoting.spring.boot.autoconfigure.RemotingExecutors;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ActuatorAndExecutorsTest {

    private static final JsonMapper JSON = JsonMapper.shared();

    @TempDir
    Path dataDir;

    private BrokerFixture broker;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void startBroker() {
        broker = BrokerFixture.startWithWeb(dataDir);
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(broker.httpBase() + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void sendAndPullRunOnTheExecutorsNamedInApplicationYml() throws Exception {
        RemotingExecutors executors = broker.context().getBean(RemotingExecutors.class);
        ThreadPoolExecutor send = executors.named("send", "test");
        ThreadPoolExecutor pull = executors.named("pull", "test");
        assertThat(send.getCorePoolSize()).isEqualTo(4);
        assertThat(send.getQueue().remainingCapacity()).isEqualTo(20000);
        assertThat(pull.getCorePoolSize()).isEqualTo(4);
        long sendBefore = send.getCompletedTaskCount();
        long pullBefore = pull.getCompletedTaskCount();

        for (int i = 0; i < 3; i++) {
            broker.sendOk("work", 0, "m" + i);
        }
        broker.pullBodies("work", 0, 0, 32);
        broker.pullBodies("work", 0, 1, 32);

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(send.getCompletedTaskCount() - sendBefore).isEqualTo(3);
            assertThat(pull.getCompletedTaskCount() - pullBefore).isEqualTo(2);
        });
        JsonNode remoting = getJson("/actuator/remoting");
        assertThat(remoting.at("/server/processors/" + BrokerCodes.SEND_MESSAGE + "/executor").asString())
                .isEqualTo("send");
        assertThat(remoting.at("/server/processors/" + BrokerCodes.PULL_MESSAGE + "/executor").asString())
                .isEqualTo("pull");
        assertThat(remoting.at("/executors/send/completed").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(remoting.at("/executors/pull/completed").asLong()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void actuatorShowsHealthHandlersAndPrometheusMetricsOverHttp() throws Exception {
        broker.sendOk("metered", 0, "m");
        broker.pullBodies("metered", 0, 0, 32);

        JsonNode health = getJson("/actuator/health");
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/remoting/status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/remoting/details/server/port").asInt())
                .isEqualTo(Integer.parseInt(broker.address().substring(broker.address().indexOf(':') + 1)));

        JsonNode remoting = getJson("/actuator/remoting");
        assertThat(remoting.at("/server/state").asString()).isEqualTo("SERVING");
        assertThat(remoting.at("/server/processors").propertyNames())
                .contains("10", "11", "28", "34");

        await().atMost(PATIENCE).untilAsserted(() -> {
            HttpResponse<String> prometheus = get("/actuator/prometheus");
            assertThat(prometheus.statusCode()).isEqualTo(200);
            assertThat(prometheus.body()).contains("remoting_server_requests");
        });

        JsonNode metric = getJson("/actuator/metrics/remoting.server.requests");
        assertThat(metric.path("name").asString()).isEqualTo("remoting.server.requests");
    }
}
