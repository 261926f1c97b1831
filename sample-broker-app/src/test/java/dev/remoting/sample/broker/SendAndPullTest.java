package dev.remoting.sample.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import dev.remoting.sample.protocol.BrokerCodes;
import dev.remoting.sample.protocol.PulledMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SendAndPullTest {

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

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void sendAnswersWithMessageIdQueueIdAndOffsetsCountingUpPerQueue(SerializeType type) {
        NettyRemotingClient client = broker.newClient(type, null);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            for (int queueId : new int[] {1, 2}) {
                RemotingCommand response = broker.send(client, "orders", queueId,
                        ("m" + i).getBytes(StandardCharsets.UTF_8));
                assertThat(response.getCode()).as("%s", response).isEqualTo(RemotingSysResponseCode.SUCCESS);
                assertThat(response.getSerializeTypeCurrentRPC()).isEqualTo(type);
                assertThat(response.getExtFields())
                        .containsEntry("queueId", String.valueOf(queueId))
                        .containsEntry("queueOffset", String.valueOf(i))
                        .containsKey("msgId");
                ids.add(response.getExtFields().get("msgId"));
            }
        }
        assertThat(ids).as("message ids are unique").hasSize(6);
        assertThat(broker.runtimeInfo().at("/topics/orders/queues/1/maxOffset").asLong()).isEqualTo(3);
        assertThat(broker.runtimeInfo().at("/topics/orders/queues/0/maxOffset").asLong()).isZero();
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void pullReturnsBodiesIntactAndInOrderWithOffsetHeaders(SerializeType type) {
        NettyRemotingClient client = broker.newClient(type, null);
        Random random = new Random(42);
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] body = new byte[1 + random.nextInt(3000)];
            random.nextBytes(body);
            bodies.add(body);
            assertThat(broker.send(client, "bytes", 3, body).getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        }
        RemotingCommand response = broker.call(client, BrokerFixture.request(BrokerCodes.PULL_MESSAGE,
                BrokerFixture.pullFields("bytes", 3, 0, 32, 0), null));

        assertThat(response.getCode()).as("%s", response).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(response.getExtFields())
                .containsEntry("nextBeginOffset", "5")
                .containsEntry("minOffset", "0")
                .containsEntry("maxOffset", "5");
        List<PulledMessage> messages = BrokerFixture.decode(response.getBody());
        assertThat(messages).extracting(PulledMessage::queueOffset).containsExactly(0L, 1L, 2L, 3L, 4L);
        for (int i = 0; i < bodies.size(); i++) {
            assertThat(messages.get(i).body()).as("body %d", i).isEqualTo(bodies.get(i));
            assertThat(messages.get(i).storeTimestamp()).isPositive();
        }
    }

    @Test
    void pullReturnsAtMostMaxMsgNumsFromTheOffset() {
        for (int i = 0; i < 6; i++) {
            broker.sendOk("limits", 0, "m" + i);
        }
        RemotingCommand response = broker.pull("limits", 0, 2, 3);

        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(BrokerFixture.decode(response.getBody()))
                .extracting(m -> new String(m.body(), StandardCharsets.UTF_8))
                .containsExactly("m2", "m3", "m4");
        assertThat(response.getExtFields())
                .containsEntry("nextBeginOffset", "5")
                .containsEntry("maxOffset", "6");
        assertThat(broker.pullBodies("limits", 0, 5, 32)).containsExactly("m5");
    }

    @Test
    void pullAtTheEndWithoutSuspendAnswersPullNotFoundAtOnce() {
        broker.sendOk("empty-end", 0, "only");

        RemotingCommand atEnd = broker.pull("empty-end", 0, 1, 32);
        assertThat(atEnd.getCode()).isEqualTo(BrokerCodes.PULL_NOT_FOUND);
        assertThat(atEnd.getBody()).isNull();
        assertThat(atEnd.getExtFields())
                .containsEntry("nextBeginOffset", "1")
                .containsEntry("maxOffset", "1");

        RemotingCommand beyond = broker.pull("empty-end", 0, 7, 32);
        assertThat(beyond.getCode()).isEqualTo(BrokerCodes.PULL_NOT_FOUND);
        assertThat(beyond.getExtFields())
                .containsEntry("nextBeginOffset", "1")
                .containsEntry("maxOffset", "1");

        RemotingCommand otherQueue = broker.pull("empty-end", 2, 0, 32);
        assertThat(otherQueue.getCode()).as("an empty queue of an existing topic").isEqualTo(
                BrokerCodes.PULL_NOT_FOUND);
        assertThat(otherQueue.getExtFields()).containsEntry("maxOffset", "0");
    }
}
