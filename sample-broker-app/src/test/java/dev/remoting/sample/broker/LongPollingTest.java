package dev.remoting.sample.broker;

import static dev.remoting.sample.broker.BrokerFixture.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import dev.remoting.sample.protocol.BrokerCodes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LongPollingTest {

    @TempDir
    Path dataDir;

    private BrokerFixture broker;

    @BeforeEach
    void startBroker() {
        broker = BrokerFixture.start(dataDir);
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void aHeldPullIsAnsweredWithTheNewMessageAsSoonAsOneIsSentToItsQueue() throws Exception {
        broker.sendOk("polling", 1, "before");

        CompletableFuture<RemotingCommand> pull = broker.pullAsync("polling", 1, 1, 5000);
        await().atMost(PATIENCE).until(() -> broker.runtimeInfo().get("heldPullRequests").asInt() == 1);
        assertThat(pull).as("held, not answered").isNotDone();

        long sentAt = System.nanoTime();
        assertThat(broker.sendOk("polling", 1, "after")).isEqualTo(1);
        RemotingCommand response = pull.get(4, TimeUnit.SECONDS);
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt);

        assertThat(response.getCode()).as("%s", response).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(BrokerFixture.decode(response.getBody()))
                .extracting(m -> new String(m.body(), StandardCharsets.UTF_8))
                .containsExactly("after");
        assertThat(response.getExtFields())
                .containsEntry("nextBeginOffset", "2")
                .containsEntry("maxOffset", "2");
        assertThat(waitedMillis).as("woken by the send, not by the 5 s timeout").isLessThan(2500);
        assertThat(broker.runtimeInfo().get("heldPullRequests").asInt()).isZero();
    }

    @Test
    void everyPullHeldOnAQueueIsWokenBySendsToItButNotBySendsToOtherQueues() throws Exception {
        broker.sendOk("fanout", 0, "seed");
        CompletableFuture<RemotingCommand> first = broker.pullAsync("fanout", 0, 1, 5000);
        CompletableFuture<RemotingCommand> second = broker.pullAsync("fanout", 0, 1, 5000);
        CompletableFuture<RemotingCommand> otherQueue = broker.pullAsync("fanout", 2, 0, 5000);
        await().atMost(PATIENCE).until(() -> broker.runtimeInfo().get("heldPullRequests").asInt() == 3);

        broker.sendOk("fanout", 0, "news");

        for (CompletableFuture<RemotingCommand> pull : java.util.List.of(first, second)) {
            RemotingCommand response = pull.get(4, TimeUnit.SECONDS);
            assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
            assertThat(BrokerFixture.decode(response.getBody())).singleElement()
                    .satisfies(m -> assertThat(m.queueOffset()).isEqualTo(1));
        }
        await().atMost(PATIENCE).until(() -> broker.runtimeInfo().get("heldPullRequests").asInt() == 1);
        assertThat(otherQueue).isNotDone();

        broker.sendOk("fanout", 2, "for queue 2");
        assertThat(otherQueue.get(4, TimeUnit.SECONDS).getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
    }

    @Test
    void aHeldPullWithNoNewMessageIsAnsweredPullNotFoundWhenItsSuspendTimeRunsOut() throws Exception {
        broker.sendOk("quiet", 0, "only");

        long start = System.nanoTime();
        RemotingCommand response = broker.pullAsync("quiet", 0, 1, 300).get(5, TimeUnit.SECONDS);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(response.getCode()).as("%s", response).isEqualTo(BrokerCodes.PULL_NOT_FOUND);
        assertThat(response.getExtFields())
                .containsEntry("nextBeginOffset", "1")
                .containsEntry("maxOffset", "1");
        assertThat(elapsedMillis).as("held for the suspend time").isGreaterThanOrEqualTo(300).isLessThan(3000);
        assertThat(broker.runtimeInfo().get("heldPullRequests").asInt()).isZero();
    }

    @Test
    void aPullHeldForAClientThatDisconnectsIsDroppedAtOnce() {
        broker.sendOk("gone", 0, "only");
        NettyRemotingClient leaving = broker.newClient(SerializeType.JSON, null);
        leaving.invoke(broker.address(), BrokerFixture.request(BrokerCodes.PULL_MESSAGE,
                BrokerFixture.pullFields("gone", 0, 1, 32, 600_000), null), 600_000);
        await().atMost(PATIENCE).until(() -> broker.runtimeInfo().get("heldPullRequests").asInt() == 1);

        broker.shutdownClient(leaving);

        await().atMost(PATIENCE).until(() -> broker.runtimeInfo().get("heldPullRequests").asInt() == 0);
    }

    @Test
    void pullsBeyondTheHoldLimitAreAnsweredSystemBusyAtOnce() throws Exception {
        broker.close();
        broker = BrokerFixture.start(dataDir, "broker.max-held-pulls=2");
        broker.sendOk("crowded", 0, "only");
        CompletableFuture<RemotingCommand> first = broker.pullAsync("crowded", 0, 1, 600_000);
        CompletableFuture<RemotingCommand> second = broker.pullAsync("crowded", 0, 1, 600_000);
        await().atMost(PATIENCE).until(() -> broker.runtimeInfo().get("heldPullRequests").asInt() == 2);

        RemotingCommand third = broker.pullAsync("crowded", 0, 1, 600_000).get(4, TimeUnit.SECONDS);

        assertThat(third.getCode()).as("%s", third).isEqualTo(RemotingSysResponseCode.SYSTEM_BUSY);
        assertThat(first).isNotDone();
        broker.sendOk("crowded", 0, "news");
        assertThat(first.get(4, TimeUnit.SECONDS).getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(second.get(4, TimeUnit.SECONDS).getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(broker.runtimeInfo().get("heldPullRequests").asInt()).isZero();
    }
}
