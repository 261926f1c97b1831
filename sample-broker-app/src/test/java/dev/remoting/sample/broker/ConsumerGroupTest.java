package dev.remoting.sample.broker;

import static dev.remoting.sample.broker.BrokerFixture.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import dev.remoting.sample.protocol.BrokerCodes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class ConsumerGroupTest {

    private static final JsonMapper JSON = JsonMapper.shared();

    @TempDir
    Path dataDir;

    private BrokerFixture broker;
    private final List<ExecutorService> notifyExecutors = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startBroker() {
        broker = BrokerFixture.start(dataDir);
    }

    @AfterEach
    void stopBroker() {
        broker.close();
        notifyExecutors.forEach(ExecutorService::shutdownNow);
    }

    /** A consumer: a client that records the NOTIFY_CONSUMER_IDS_CHANGED requests the broker pushes to it. */
    private final class Consumer {
        final String clientId;
        final NettyRemotingClient client;
        final List<String> notifiedGroups = new CopyOnWriteArrayList<>();
        final List<List<String>> notifiedMembers = new CopyOnWriteArrayList<>();

        Consumer(String clientId, SerializeType type) {
            this.clientId = clientId;
            // One thread, so notifications are recorded in the order the broker sent them: on the client's shared
            // executor a later member list could be recorded before an earlier one, and "last" would be stale.
            ExecutorService notifications = Executors.newSingleThreadExecutor();
            notifyExecutors.add(notifications);
            this.client = broker.newClient(type, c -> c.registerProcessor(BrokerCodes.NOTIFY_CONSUMER_IDS_CHANGED,
                    (ctx, request) -> {
                        assertThat(request.isOnewayRPC()).isTrue();
                        notifiedGroups.add(request.getExtFields().get("consumerGroup"));
                        notifiedMembers.add(List.of(JSON.readValue(request.getBody(), String[].class)));
                        return null;
                    }, notifications));
        }

        RemotingCommand heartbeat(String group) {
            return broker.call(client, BrokerFixture.request(BrokerCodes.HEART_BEAT,
                    Map.of("clientID", clientId, "consumerGroup", group), null));
        }

        List<String> lastMembers() {
            return notifiedMembers.isEmpty() ? List.of() : notifiedMembers.get(notifiedMembers.size() - 1);
        }
    }

    private List<String> membersOf(String group) {
        List<String> members = new java.util.ArrayList<>();
        broker.runtimeInfo().path("consumerGroups").path(group).forEach(node -> members.add(node.asString()));
        return members;
    }

    @Test
    void aHeartbeatRegistersTheClientInItsGroup() {
        Consumer alice = new Consumer("alice", SerializeType.JSON);

        assertThat(alice.heartbeat("readers").getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);

        assertThat(membersOf("readers")).containsExactly("alice");
        await().atMost(PATIENCE).until(() -> alice.lastMembers().equals(List.of("alice")));
        assertThat(alice.notifiedGroups).containsOnly("readers");

        assertThat(alice.heartbeat("readers").getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(membersOf("readers")).as("a repeated heartbeat changes nothing").containsExactly("alice");
    }

    @Test
    void aHeartbeatWithoutClientIdOrGroupIsRejectedAndRegistersNothing() {
        RemotingCommand noClientId = broker.call(BrokerFixture.request(BrokerCodes.HEART_BEAT,
                Map.of("consumerGroup", "readers"), null));
        RemotingCommand noGroup = broker.call(BrokerFixture.request(BrokerCodes.HEART_BEAT,
                Map.of("clientID", "alice"), null));

        assertThat(noClientId.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
        assertThat(noClientId.getRemark()).isEqualTo("the custom field <clientID> is null");
        assertThat(noGroup.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
        assertThat(noGroup.getRemark()).isEqualTo("the custom field <consumerGroup> is null");
        assertThat(broker.runtimeInfo().get("consumerGroups").size()).isZero();
    }

    @Test
    void groupMembersAreNotifiedWhenAClientJoinsAndWhenAConnectionCloses() {
        Consumer alice = new Consumer("alice", SerializeType.JSON);
        Consumer bob = new Consumer("bob", SerializeType.ROCKETMQ);
        Consumer carol = new Consumer("carol", SerializeType.JSON);
        alice.heartbeat("readers");
        carol.heartbeat("writers");
        await().atMost(PATIENCE).until(() -> alice.lastMembers().equals(List.of("alice")));

        bob.heartbeat("readers");

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(alice.lastMembers()).containsExactly("alice", "bob");
            assertThat(bob.lastMembers()).containsExactly("alice", "bob");
        });
        assertThat(membersOf("readers")).containsExactly("alice", "bob");

        broker.shutdownClient(bob.client);

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(alice.lastMembers()).containsExactly("alice");
            assertThat(membersOf("readers")).containsExactly("alice");
        });
        assertThat(alice.notifiedGroups).containsOnly("readers");
        assertThat(carol.notifiedGroups).as("another group's changes are not pushed").containsOnly("writers");
        assertThat(carol.notifiedMembers).containsExactly(List.of("carol"));
        assertThat(membersOf("writers")).containsExactly("carol");
    }

    @Test
    void closingOnlyTheConnectionRemovesTheClientToo() {
        Consumer alice = new Consumer("alice", SerializeType.JSON);
        Consumer bob = new Consumer("bob", SerializeType.JSON);
        alice.heartbeat("readers");
        bob.heartbeat("readers");
        await().atMost(PATIENCE).until(() -> alice.lastMembers().equals(List.of("alice", "bob")));

        alice.client.closeChannels(List.of(broker.address()));

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(bob.lastMembers()).containsExactly("bob");
            assertThat(membersOf("readers")).containsExactly("bob");
        });
    }
}
