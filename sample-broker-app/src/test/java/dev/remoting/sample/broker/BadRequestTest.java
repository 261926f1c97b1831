package dev.remoting.sample.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.sample.protocol.BrokerCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class BadRequestTest {

    private static final byte[] BODY = "hello".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dataDir;

    private BrokerFixture broker;

    @BeforeEach
    void startBroker() {
        broker = BrokerFixture.start(dataDir, "broker.max-message-size=1KB", "broker.queues-per-topic=4");
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private static Map<String, Object> sendFields(String topic, Object queueId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (topic != null) {
            fields.put("topic", topic);
        }
        if (queueId != null) {
            fields.put("queueId", queueId);
        }
        return fields;
    }

    private RemotingCommand send(Map<String, Object> fields, byte[] body) {
        return broker.call(BrokerFixture.request(BrokerCodes.SEND_MESSAGE, fields, body));
    }

    private void assertNothingStored() throws IOException {
        JsonNode info = broker.runtimeInfo();
        assertThat(info.get("messagesStored").asLong()).isZero();
        assertThat(info.get("topics").size()).as("topics: %s", info.get("topics")).isZero();
        try (Stream<Path> files = Files.walk(dataDir)) {
            assertThat(files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals(".lock")))
                    .as("files in the data directory besides the store's lock").isEmpty();
        }
    }

    @Test
    void aSendWithoutTopicIsASystemErrorNamingTheField() throws IOException {
        RemotingCommand response = send(sendFields(null, 0), BODY);

        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
        assertThat(response.getRemark()).isEqualTo("the custom field <topic> is null");
        assertNothingStored();
    }

    @Test
    void aSendWithoutQueueIdIsASystemErrorNamingTheField() throws IOException {
        RemotingCommand response = send(sendFields("t", null), BODY);

        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
        assertThat(response.getRemark()).contains("queueId");
        assertNothingStored();
    }

    @Test
    void illegalMessagesAreRejectedWithMessageIllegalAndARemarkSayingWhy() throws IOException {
        RemotingCommand empty = send(sendFields("t", 0), new byte[0]);
        assertThat(empty.getCode()).isEqualTo(BrokerCodes.MESSAGE_ILLEGAL);
        assertThat(empty.getRemark()).contains("empty");

        RemotingCommand noBody = send(sendFields("t", 0), null);
        assertThat(noBody.getCode()).isEqualTo(BrokerCodes.MESSAGE_ILLEGAL);
        assertThat(noBody.getRemark()).contains("empty");

        RemotingCommand oversize = send(sendFields("t", 0), new byte[1025]);
        assertThat(oversize.getCode()).isEqualTo(BrokerCodes.MESSAGE_ILLEGAL);
        assertThat(oversize.getRemark()).contains("1025").contains("max-message-size");

        RemotingCommand badName = send(sendFields("no/slashes", 0), BODY);
        assertThat(badName.getCode()).isEqualTo(BrokerCodes.MESSAGE_ILLEGAL);
        assertThat(badName.getRemark()).contains("no/slashes");

        RemotingCommand tooLong = send(sendFields("t".repeat(128), 0), BODY);
        assertThat(tooLong.getCode()).isEqualTo(BrokerCodes.MESSAGE_ILLEGAL);

        RemotingCommand dotDot = send(sendFields("..", 0), BODY);
        assertThat(dotDot.getCode()).isEqualTo(BrokerCodes.MESSAGE_ILLEGAL);

        RemotingCommand queueTooHigh = send(sendFields("t", 4), BODY);
        assertThat(queueTooHigh.getCode()).isEqualTo(BrokerCodes.MESSAGE_ILLEGAL);
        assertThat(queueTooHigh.getRemark()).contains("queueId 4");

        RemotingCommand negativeQueue = send(sendFields("t", -1), BODY);
        assertThat(negativeQueue.getCode()).isEqualTo(BrokerCodes.MESSAGE_ILLEGAL);
        assertThat(negativeQueue.getRemark()).contains("queueId -1");

        assertNothingStored();
    }

    @Test
    void aMessageOfExactlyTheMaxSizeIsAccepted() {
        RemotingCommand response = send(sendFields("t", 0), new byte[1024]);

        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(broker.runtimeInfo().get("messagesStored").asLong()).isEqualTo(1);
    }

    @Test
    void pullsWithBadFieldsAreSystemErrorsNamingTheField() throws IOException {
        broker.sendOk("t", 0, "m");

        RemotingCommand negativeOffset = broker.call(BrokerFixture.request(BrokerCodes.PULL_MESSAGE,
                BrokerFixture.pullFields("t", 0, -1, 32, 0), null));
        assertThat(negativeOffset.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
        assertThat(negativeOffset.getRemark()).contains("queueOffset");

        RemotingCommand zeroMax = broker.call(BrokerFixture.request(BrokerCodes.PULL_MESSAGE,
                BrokerFixture.pullFields("t", 0, 0, 0, 0), null));
        assertThat(zeroMax.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
        assertThat(zeroMax.getRemark()).contains("maxMsgNums");

        Map<String, Object> noOffset = BrokerFixture.pullFields("t", 0, 0, 32, 0);
        noOffset.remove("queueOffset");
        RemotingCommand missingOffset = broker.call(BrokerFixture.request(BrokerCodes.PULL_MESSAGE, noOffset, null));
        assertThat(missingOffset.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
        assertThat(missingOffset.getRemark()).isEqualTo("the custom field <queueOffset> is null");

        Map<String, Object> notANumber = BrokerFixture.pullFields("t", 0, 0, 32, 0);
        notANumber.put("queueOffset", "soon");
        RemotingCommand unparseable = broker.call(BrokerFixture.request(BrokerCodes.PULL_MESSAGE, notANumber,
                null));
        assertThat(unparseable.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
        assertThat(unparseable.getRemark()).contains("queueOffset");
    }

    @Test
    void aPullFromATopicThatNeverReceivedAMessageIsTopicNotExistEvenWithLongPolling() throws Exception {
        RemotingCommand response = broker.pull("never-sent", 0, 0, 32);
        assertThat(response.getCode()).isEqualTo(BrokerCodes.TOPIC_NOT_EXIST);
        assertThat(response.getRemark()).contains("never-sent");

        RemotingCommand suspended = broker.pullAsync("never-sent", 0, 0, 5000)
                .get(3, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(suspended.getCode()).as("answered at once, not held").isEqualTo(BrokerCodes.TOPIC_NOT_EXIST);
        assertNothingStored();
    }

    @Test
    void aPullFromAQueueOutsideTheTopicsQueuesIsMessageIllegal() {
        broker.sendOk("t", 0, "m");

        RemotingCommand response = broker.pull("t", 4, 0, 32);

        assertThat(response.getCode()).isEqualTo(BrokerCodes.MESSAGE_ILLEGAL);
        assertThat(response.getRemark()).contains("queueId 4");
    }
}
