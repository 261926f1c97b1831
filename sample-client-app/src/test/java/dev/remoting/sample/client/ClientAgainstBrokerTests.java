package dev.remoting.sample.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.remoting.RemotingServer;
import dev.remoting.sample.broker.BrokerApplication;
import dev.remoting.sample.client.ConsumerIdsChangedListener.Notification;
import dev.remoting.sample.client.DemoProperties.Mode;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The client application against a real broker started in the same JVM, both on free ports, over real sockets.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientAgainstBrokerTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dataDir;

    private static ConfigurableApplicationContext broker;
    private static String brokerAddress;
    private static String brokerHttpUrl;

    @BeforeAll
    static void startBroker() throws IOException {
        broker = new SpringApplicationBuilder(BrokerApplication.class).run("--spring.config.location=" + brokerConfig(),
                "--server.port=0", "--remoting.server.port=0", "--broker.data-dir=" + dataDir);
        brokerAddress = "127.0.0.1:" + broker.getEnvironment().getProperty("local.remoting.server.port");
        brokerHttpUrl = "http://127.0.0.1:" + broker.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void everyMessageComesBackVerified(Mode mode, CapturedOutput output) {
        // The ASYNC run also waits for the broker's health and reports its actuator numbers.
        ConfigurableApplicationContext client = runClient("demo.mode=" + mode, "demo.count=2000",
                "demo.consumer-group=group-" + mode, "demo.topic=topic-" + mode,
                mode == Mode.ASYNC ? "demo.broker-http-url=" + brokerHttpUrl : "demo.window=256");
        Summary summary = client.getBean(DemoRunner.class).summary();
        ConsumerIdsChangedListener listener = client.getBean(ConsumerIdsChangedListener.class);
        try {
            // Its only handler serves the client side, so it gets no server and opens no remoting port.
            assertThat(client.getBeanProvider(RemotingServer.class).getIfAvailable()).isNull();
            assertThat(client.getEnvironment().getProperty("local.remoting.server.port")).isNull();
            assertThat(summary).isNotNull();
            assertThat(summary.problems()).isEmpty();
            assertThat(summary.sent()).isEqualTo(2000);
            assertThat(summary.acked()).isEqualTo(mode == Mode.ONEWAY ? 0 : 2000);
            assertThat(summary.received()).isEqualTo(2000);
            assertThat(summary.verified()).isEqualTo(2000);
            assertThat(summary.throughput()).isPositive();
            if (mode == Mode.ONEWAY) {
                assertThat(summary.p50Millis()).isNull();
            } else {
                assertThat(summary.p50Millis()).isPositive();
                assertThat(summary.p99Millis()).isGreaterThanOrEqualTo(summary.p50Millis());
            }
            assertThat(output).contains("result    OK: every");
            if (mode == Mode.ASYNC) {
                assertThat(output).contains("the broker is UP")
                        .contains("broker /actuator/remoting: server port "
                                + broker.getEnvironment().getProperty("local.remoting.server.port") + ", SERVING")
                        // Labels that say what each number is: request codes are codes, not counts.
                        .contains("  request codes handled: code ").contains("code 10 on executor send")
                        .containsPattern("  executors: send: [\\d,]+ tasks completed, \\d+ rejected, \\d+ of \\d+ "
                                + "threads")
                        .containsPattern("broker /actuator/metrics/remoting.server.requests: [\\d,]+ requests "
                                + "answered");
            }
            // Joining the group is a membership change: the broker tells the group, this client included.
            await().atMost(WAIT).until(listener::notifications,
                    n -> n.contains(new Notification("group-" + mode, List.of(summary.clientId()))));
        } finally {
            assertThat(SpringApplication.exit(client)).isZero();
        }
    }

    @Test
    void membersOfAGroupAreToldWhoJoinsAndLeaves() {
        ConfigurableApplicationContext first = runClient("demo.count=10", "demo.consumer-group=members");
        ConfigurableApplicationContext second = null;
        try {
            String firstId = first.getBean(DemoRunner.class).summary().clientId();
            ConsumerIdsChangedListener firstListener = first.getBean(ConsumerIdsChangedListener.class);
            await().atMost(WAIT).until(firstListener::notifications,
                    n -> n.contains(new Notification("members", List.of(firstId))));

            // The first client stays connected, so it is still a member when the second joins.
            second = runClient("demo.count=10", "demo.consumer-group=members");
            String secondId = second.getBean(DemoRunner.class).summary().clientId();
            List<String> both = sorted(firstId, secondId);
            await().atMost(WAIT).until(firstListener::notifications,
                    n -> n.contains(new Notification("members", both)));
            await().atMost(WAIT).until(second.getBean(ConsumerIdsChangedListener.class)::notifications,
                    n -> n.contains(new Notification("members", both)));

            // Closing the second client closes its connection: the broker tells the first one it left.
            assertThat(SpringApplication.exit(second)).isZero();
            second = null;
            await().atMost(WAIT).until(firstListener::notifications,
                    n -> n.get(n.size() - 1).equals(new Notification("members", List.of(firstId))));
        } finally {
            if (second != null) {
                second.close();
            }
            assertThat(SpringApplication.exit(first)).isZero();
        }
    }

    @Test
    void refusedSendsMakeTheRunFail(CapturedOutput output) {
        // The broker has 4 queues per topic, so the sends to queues 4 to 7 are refused with MESSAGE_ILLEGAL.
        ConfigurableApplicationContext client = runClient("demo.count=16", "demo.queues=8");
        Summary summary = client.getBean(DemoRunner.class).summary();
        assertThat(SpringApplication.exit(client)).isEqualTo(1);
        assertThat(summary.sent()).isEqualTo(16);
        assertThat(summary.acked()).isEqualTo(8);
        assertThat(summary.verified()).isEqualTo(8);
        assertThat(summary.problems()).first().isEqualTo("8 of 16 sends were not acknowledged");
        assertThat(summary.problems()).anyMatch(p -> p.contains("code 13, queueId 4 is outside 0..3"));
        assertThat(output).contains("result    FAILED:");
    }

    @Test
    void anUnreachableBrokerMakesTheRunFail() {
        // The broker's HTTP port speaks no remoting: the heartbeat cannot succeed.
        ConfigurableApplicationContext client = runClient("demo.count=10", "demo.call-timeout=1s",
                "demo.health-timeout=2s",
                "demo.broker-address=127.0.0.1:" + broker.getEnvironment().getProperty("local.server.port"));
        assertThat(client.getBean(DemoRunner.class).summary()).isNull();
        assertThat(SpringApplication.exit(client)).isEqualTo(1);
    }

    /**
     * Runs the client application (its runner does the whole run) with these properties as arguments, against the
     * test's broker unless they name another address.
     */
    private static ConfigurableApplicationContext runClient(String... properties) {
        List<String> args = new ArrayList<>();
        Stream.of(properties).map(property -> "--" + property).forEach(args::add);
        if (args.stream().noneMatch(arg -> arg.startsWith("--demo.broker-address="))) {
            args.add("--demo.broker-address=" + brokerAddress);
        }
        return new SpringApplicationBuilder(ClientApplication.class).run(args.toArray(String[]::new));
    }

    private static List<String> sorted(String... ids) {
        return Stream.of(ids).sorted().toList();
    }

    /**
     * The broker's own application.yml. The test classpath holds two (this module's comes first), so the broker is
     * pointed at the one next to its classes.
     */
    private static String brokerConfig() throws IOException {
        String brokerClasses = BrokerApplication.class.getProtectionDomain().getCodeSource().getLocation().toString();
        for (URL url : Collections.list(BrokerApplication.class.getClassLoader().getResources("application.yml"))) {
            if (url.toString().contains(brokerClasses.replaceFirst("^file:", ""))) {
                return url.toString();
            }
        }
        throw new IllegalStateException("no application.yml next to " + brokerClasses);
    }
}
