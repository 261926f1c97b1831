package dev.remoting.interop;

import static dev.remoting.interop.InteropFixture.TEXT;
import static dev.remoting.interop.InteropFixture.TIMEOUT_MILLIS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remoting.RPCHook;
import dev.remoting.client.RemotingClientProxyFactory;
import dev.remoting.codec.JacksonBodyCodec;
import dev.remoting.exception.RemotingResponseException;
import dev.remoting.interop.NameServerApi.BrokerData;
import dev.remoting.interop.NameServerApi.DataVersion;
import dev.remoting.interop.NameServerApi.GetKvConfigHeader;
import dev.remoting.interop.NameServerApi.GetRouteInfoHeader;
import dev.remoting.interop.NameServerApi.PutKvConfigHeader;
import dev.remoting.interop.NameServerApi.QueueData;
import dev.remoting.interop.NameServerApi.RegisterBrokerBody;
import dev.remoting.interop.NameServerApi.RegisterBrokerHeader;
import dev.remoting.interop.NameServerApi.TopicConfig;
import dev.remoting.interop.NameServerApi.TopicConfigWrapper;
import dev.remoting.interop.NameServerApi.TopicRoute;
import dev.remoting.netty.NettyClientConfig;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.protocol.RemotingCommand;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import org.apache.rocketmq.common.ServiceThread;
import org.apache.rocketmq.common.namesrv.NamesrvConfig;
import org.apache.rocketmq.namesrv.NamesrvController;
import org.apache.rocketmq.remoting.netty.NettyRemotingAbstract;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A declarative client ({@link NameServerApi}) against RocketMQ's own NameServer, started in the test JVM: a broker
 * registered with our JSON body (decoded by the NameServer with fastjson), its route read back into our records
 * (written by the NameServer with fastjson, in both forms it has), typed errors, a KV config written and read, and a
 * call routed through the client's name-server list.
 *
 * <p>One NameServer serves the whole class; every test registers its own broker and topics. A registered broker lives
 * as long as the connection that registered it, which is the test's client.
 */
class NameServerDeclarativeClientTest {

    private static final String CLUSTER = "DefaultCluster";
    /** TEST-NET-1: the NameServer only stores and hands out a broker's address, it never connects to it. */
    private static final String BROKER_ADDR = "192.0.2.1:10911";
    /** Read-write, RocketMQ's {@code PermName.PERM_READ | PermName.PERM_WRITE}. */
    private static final int PERM_READ_WRITE = 6;
    /**
     * RocketMQ 4.9.3's {@code MQVersion} ordinal. The NameServer writes a route in fastjson's own form (unquoted map
     * keys) only to requests older than 4.9.4; newer ones, ours included, get quoted keys.
     */
    private static final int V4_9_3 = 400;
    private static final AtomicInteger NAMES = new AtomicInteger();

    private static NamesrvController nameServer;
    private static String nameServerAddr;

    private final JacksonBodyCodec codec = new JacksonBodyCodec();
    private final String name = "t" + NAMES.incrementAndGet();
    private NettyRemotingClient client;

    @BeforeAll
    static void startNameServer(@TempDir Path storeDir) throws Exception {
        NamesrvConfig config = new NamesrvConfig();
        // Their defaults are under the user's home directory.
        config.setKvConfigPath(storeDir.resolve("kvConfig.json").toString());
        config.setConfigStorePath(storeDir.resolve("namesrv.properties").toString());
        NettyServerConfig serverConfig = new NettyServerConfig();
        serverConfig.setBindAddress("127.0.0.1");
        serverConfig.setListenPort(0);
        nameServer = new NamesrvController(config, serverConfig);
        assertThat(nameServer.initialize()).isTrue();
        nameServer.start();
        // start() writes the port the system picked back into the config.
        assertThat(serverConfig.getListenPort()).isPositive();
        nameServerAddr = "127.0.0.1:" + serverConfig.getListenPort();
    }

    @AfterAll
    static void stopNameServer() throws ReflectiveOperationException {
        if (nameServer != null) {
            interruptEventThreads();
            nameServer.shutdown();
        }
    }

    /**
     * Stops the event threads of the NameServer's RocketMQ server and client with an interrupt, as
     * {@link InteropFixture.QuickStopRocketMQClient} does: their plain shutdown joins a thread that polls its queue
     * every 3 s, which costs 3 s here. Their later plain shutdown then finds them stopped.
     */
    private static void interruptEventThreads() throws ReflectiveOperationException {
        Field eventExecutor = NettyRemotingAbstract.class.getDeclaredField("nettyEventExecutor");
        eventExecutor.setAccessible(true);
        ((ServiceThread) eventExecutor.get(nameServer.getRemotingServer())).shutdown(true);
        ((ServiceThread) eventExecutor.get(nameServer.getRemotingClient())).shutdown(true);
    }

    @AfterEach
    void stopClient() {
        if (client != null) {
            client.shutdown();
        }
    }

    private NameServerApi api(RPCHook... hooks) {
        client = new NettyRemotingClient(new NettyClientConfig());
        for (RPCHook hook : hooks) {
            client.registerRPCHook(hook);
        }
        client.start();
        return factory().defaultAddress(nameServerAddr).build().createClient(NameServerApi.class);
    }

    private RemotingClientProxyFactory.Builder factory() {
        return RemotingClientProxyFactory.builder(client).bodyCodec(codec)
                .defaultTimeout(Duration.ofMillis(TIMEOUT_MILLIS));
    }

    /** The two forms of JSON the NameServer writes a route in, depending on the request's version. */
    enum RouteJson {
        /** fastjson with quoted field names and map keys: <code>"brokerAddrs":{"0":"host:port"}</code>. */
        QUOTED_KEYS(RemotingCommand.ROCKETMQ_5_3_1_VERSION, "\"brokerAddrs\":{\"0\":\""),
        /** fastjson's own form: <code>"brokerAddrs":{0:"host:port"}</code>, not JSON by the letter. */
        UNQUOTED_KEYS(V4_9_3, "\"brokerAddrs\":{0:\"");

        final int requestVersion;
        final String brokerAddrsOpening;

        RouteJson(int requestVersion, String brokerAddrsOpening) {
            this.requestVersion = requestVersion;
            this.brokerAddrsOpening = brokerAddrsOpening;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RouteJson.class)
    void registeredBrokerRouteReadsIntoOurRecords(RouteJson form) {
        AtomicReference<String> routeJson = new AtomicReference<>();
        NameServerApi api = api(new RPCHook() {
            @Override
            public void doBeforeRequest(String remoteAddr, RemotingCommand request) {
                if (request.getCode() == NameServerApi.GET_ROUTEINFO_BY_TOPIC) {
                    request.setVersion(form.requestVersion);
                }
            }

            @Override
            public void doAfterResponse(String remoteAddr, RemotingCommand request, RemotingCommand response) {
                if (request.getCode() == NameServerApi.GET_ROUTEINFO_BY_TOPIC && response.getBody() != null) {
                    routeJson.set(new String(response.getBody(), StandardCharsets.UTF_8));
                }
            }
        });
        String topic = name + "-topic";
        String brokerName = name + "-broker";
        // The NameServer refuses a first registration that carries exactly one topic (RouteInfoManager takes it for
        // a single-topic update of a broker it does not know), so the broker brings a second one.
        register(api, brokerName, Map.of(
                topic, new TopicConfig(topic, 4, 3, PERM_READ_WRITE),
                topic + "-other", new TopicConfig(topic + "-other", 1, 1, PERM_READ_WRITE)));

        TopicRoute route = api.getRouteInfo(new GetRouteInfoHeader(topic));

        assertThat(routeJson.get()).as("the route as the NameServer wrote it").contains(form.brokerAddrsOpening);
        assertThat(route.brokerDatas()).containsExactly(new BrokerData(CLUSTER, brokerName, Map.of(0L, BROKER_ADDR)));
        assertThat(route.queueDatas()).containsExactly(new QueueData(brokerName, 4, 3, PERM_READ_WRITE));
    }

    /** Registers a master (broker id 0) with these topics, its body's CRC32 checked by the NameServer. */
    private void register(NameServerApi api, String brokerName, Map<String, TopicConfig> topics) {
        RegisterBrokerBody body = new RegisterBrokerBody(
                new TopicConfigWrapper(topics, new DataVersion(System.currentTimeMillis(), 1, 0)), List.of());
        // The proxy encodes the body with the same codec, and the codec writes the same value the same way.
        int crc32 = rocketMQCrc32(codec.encode(body));
        api.registerBroker(new RegisterBrokerHeader(CLUSTER, brokerName, BROKER_ADDR, 0, crc32), body);
    }

    /** RocketMQ's {@code UtilAll.crc32}: the CRC-32 with its top bit cleared, so that it fits a positive int. */
    private static int rocketMQCrc32(byte[] bytes) {
        CRC32 crc32 = new CRC32();
        crc32.update(bytes);
        return (int) (crc32.getValue() & 0x7FFFFFFF);
    }

    @Test
    void routeOfAnUnknownTopicIsTopicNotExist() {
        NameServerApi api = api();

        assertThatThrownBy(() -> api.getRouteInfo(new GetRouteInfoHeader(name + "-nobody-has-it")))
                .isInstanceOfSatisfying(RemotingResponseException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(NameServerApi.TOPIC_NOT_EXIST);
                    assertThat(e.getRemark()).startsWith("No topic route info in name server for the topic: "
                            + name + "-nobody-has-it");
                });
    }

    @Test
    void kvConfigWrittenIsReadBack() {
        NameServerApi api = api();

        api.putKvConfig(new PutKvConfigHeader(name, "key", TEXT));

        assertThat(api.getKvConfig(new GetKvConfigHeader(name, "key")).value()).isEqualTo(TEXT);
        assertThatThrownBy(() -> api.getKvConfig(new GetKvConfigHeader(name, "no-such-key")))
                .isInstanceOfSatisfying(RemotingResponseException.class,
                        e -> assertThat(e.getCode()).isEqualTo(NameServerApi.QUERY_NOT_FOUND));
    }

    @Test
    void callWithoutAnAddressGoesToTheClientsNameServers() {
        api().putKvConfig(new PutKvConfigHeader(name, "key", "value"));
        client.updateNameServerAddressList(List.of(nameServerAddr));

        NameServerApi routed = factory().build().createClient(NameServerApi.class);

        assertThat(routed.getKvConfig(new GetKvConfigHeader(name, "key")).value()).isEqualTo("value");
    }
}
