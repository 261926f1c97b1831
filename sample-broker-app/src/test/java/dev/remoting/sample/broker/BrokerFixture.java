package dev.remoting.sample.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.exception.RemotingCommandException;
import dev.remoting.netty.NettyClientConfig;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import dev.remoting.sample.protocol.BrokerCodes;
import dev.remoting.sample.protocol.PullBody;
import dev.remoting.sample.protocol.PulledMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A broker started as the real application on free loopback ports with its data in a given directory, and remoting
 * clients talking to it over real sockets. {@link #close()} stops every client and the broker.
 */
final class BrokerFixture implements AutoCloseable {

    /** Upper bound for anything a test waits for; far above what any condition needs on a slow machine. */
    static final Duration PATIENCE = Duration.ofSeconds(10);
    static final long CALL_TIMEOUT_MILLIS = 5000;

    private static final JsonMapper JSON = JsonMapper.shared();

    private final Path dataDir;
    private final boolean web;
    private final List<String> extraProperties;
    private final List<NettyRemotingClient> clients = new ArrayList<>();
    private ConfigurableApplicationContext context;
    private NettyRemotingClient client;

    private BrokerFixture(Path dataDir, boolean web, List<String> extraProperties) {
        this.dataDir = dataDir;
        this.web = web;
        this.extraProperties = extraProperties;
    }

    /** Starts a broker without the HTTP server (faster), storing under the directory. */
    static BrokerFixture start(Path dataDir, String... properties) {
        BrokerFixture fixture = new BrokerFixture(dataDir, false, List.of(properties));
        fixture.startBroker();
        return fixture;
    }

    /** Starts a broker with its HTTP server (actuator) on a free port. */
    static BrokerFixture startWithWeb(Path dataDir, String... properties) {
        BrokerFixture fixture = new BrokerFixture(dataDir, true, List.of(properties));
        fixture.startBroker();
        return fixture;
    }

    void startBroker() {
        assertThat(context).as("broker already running").isNull();
        // Command-line arguments, since they override application.yml (builder properties are only defaults).
        List<String> properties = new ArrayList<>(List.of(
                "server.port=0",
                "server.address=127.0.0.1",
                "remoting.server.port=0",
                "remoting.server.bind-address=127.0.0.1",
                "broker.data-dir=" + dataDir.toAbsolutePath(),
                "spring.main.banner-mode=off"));
        properties.addAll(extraProperties);
        context = new SpringApplicationBuilder(BrokerApplication.class)
                .web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE)
                .run(properties.stream().map(p -> "--" + p).toArray(String[]::new));
    }

    void stopBroker() {
        if (context != null) {
            ConfigurableApplicationContext running = context;
            context = null;
            running.close();
        }
    }

    /** Closes the broker and starts a new one on the same data directory (and a new free port). */
    void restartBroker() {
        stopBroker();
        startBroker();
    }

    ConfigurableApplicationContext context() {
        assertThat(context).as("broker not running").isNotNull();
        return context;
    }

    String address() {
        return "127.0.0.1:" + context().getEnvironment().getRequiredProperty("local.remoting.server.port");
    }

    String httpBase() {
        return "http://127.0.0.1:" + context().getEnvironment().getRequiredProperty("local.server.port");
    }

    Path dataDir() {
        return dataDir;
    }

    /** The shared client (JSON headers), made on first use. */
    NettyRemotingClient client() {
        if (client == null) {
            client = newClient(SerializeType.JSON, null);
        }
        return client;
    }

    /** A new started client; {@code beforeStart} may register processors on it. */
    NettyRemotingClient newClient(SerializeType serializeType, java.util.function.Consumer<NettyRemotingClient>
            beforeStart) {
        NettyClientConfig config = new NettyClientConfig();
        config.setSerializeType(serializeType);
        config.setClientWorkerThreads(2);
        config.setClientCallbackExecutorThreads(2);
        config.setConnectTimeoutMillis(3000);
        NettyRemotingClient created = new NettyRemotingClient(config);
        clients.add(created);
        if (beforeStart != null) {
            beforeStart.accept(created);
        }
        created.start();
        return created;
    }

    /** A request carrying the given header fields as extFields, exactly as named on the wire. */
    static RemotingCommand request(int code, Map<String, ?> fields, byte[] body) {
        RemotingCommand request = RemotingCommand.createRequestCommand(code, null);
        fields.forEach((name, value) -> request.addExtField(name, String.valueOf(value)));
        request.setBody(body);
        return request;
    }

    RemotingCommand call(NettyRemotingClient via, RemotingCommand request) {
        try {
            return via.invokeSync(address(), request, CALL_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("call failed: " + e, e);
        }
    }

    RemotingCommand call(RemotingCommand request) {
        return call(client(), request);
    }

    RemotingCommand send(NettyRemotingClient via, String topic, int queueId, byte[] body) {
        return call(via, request(BrokerCodes.SEND_MESSAGE, Map.of("topic", topic, "queueId", queueId,
                "bornTimestamp", System.currentTimeMillis(), "producerGroup", "test-producer"), body));
    }

    RemotingCommand send(String topic, int queueId, byte[] body) {
        return send(client(), topic, queueId, body);
    }

    /** Sends and asserts SUCCESS; returns the queue offset the broker gave the message. */
    long sendOk(String topic, int queueId, String body) {
        RemotingCommand response = send(topic, queueId, body.getBytes(StandardCharsets.UTF_8));
        assertThat(response.getCode()).as("send response %s", response).isEqualTo(RemotingSysResponseCode.SUCCESS);
        return Long.parseLong(response.getExtFields().get("queueOffset"));
    }

    static Map<String, Object> pullFields(String topic, int queueId, long offset, int maxMsgNums,
            long suspendMillis) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("consumerGroup", "test-consumers");
        fields.put("topic", topic);
        fields.put("queueId", queueId);
        fields.put("queueOffset", offset);
        fields.put("maxMsgNums", maxMsgNums);
        fields.put("suspendTimeoutMillis", suspendMillis);
        return fields;
    }

    RemotingCommand pull(String topic, int queueId, long offset, int maxMsgNums) {
        return call(request(BrokerCodes.PULL_MESSAGE, pullFields(topic, queueId, offset, maxMsgNums, 0), null));
    }

    /** A pull that may be held by the broker; the call's own timeout is well above the suspend time. */
    CompletableFuture<RemotingCommand> pullAsync(String topic, int queueId, long offset, long suspendMillis) {
        return client().invoke(address(),
                request(BrokerCodes.PULL_MESSAGE, pullFields(topic, queueId, offset, 32, suspendMillis), null),
                suspendMillis + CALL_TIMEOUT_MILLIS);
    }

    /** Pulls and returns the bodies as strings, asserting SUCCESS. */
    List<String> pullBodies(String topic, int queueId, long offset, int maxMsgNums) {
        RemotingCommand response = pull(topic, queueId, offset, maxMsgNums);
        assertThat(response.getCode()).as("pull response %s", response).isEqualTo(RemotingSysResponseCode.SUCCESS);
        return decode(response.getBody()).stream().map(m -> new String(m.body(), StandardCharsets.UTF_8)).toList();
    }

    JsonNode runtimeInfo() {
        RemotingCommand response = call(request(BrokerCodes.GET_BROKER_RUNTIME_INFO, Map.of(), null));
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        return JSON.readTree(response.getBody());
    }

    /** Decodes a pull body, failing the test when it is malformed. */
    static List<PulledMessage> decode(byte[] body) {
        try {
            return PullBody.decode(body);
        } catch (RemotingCommandException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** Shuts a client down now (its connection closes) and forgets it. */
    void shutdownClient(NettyRemotingClient which) {
        clients.remove(which);
        if (which == client) {
            client = null;
        }
        which.shutdown();
    }

    @Override
    public void close() {
        try {
            for (NettyRemotingClient each : clients) {
                each.shutdown();
            }
            clients.clear();
            client = null;
        } finally {
            stopBroker();
        }
    }
}
