package dev.remoting.sample.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RestartTest {

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
    void aRestartedBrokerServesTheStoredMessagesAndContinuesTheOffsets() {
        broker.sendOk("durable", 0, "a0");
        broker.sendOk("durable", 0, "a1");
        broker.sendOk("durable", 3, "b0");
        broker.sendOk("other-topic", 1, "c0");

        broker.restartBroker();

        assertThat(broker.pullBodies("durable", 0, 0, 32)).containsExactly("a0", "a1");
        assertThat(broker.pullBodies("durable", 3, 0, 32)).containsExactly("b0");
        assertThat(broker.pullBodies("other-topic", 1, 0, 32)).containsExactly("c0");
        assertThat(broker.runtimeInfo().get("messagesStored").asLong()).isEqualTo(4);
        assertThat(broker.sendOk("durable", 0, "a2")).isEqualTo(2);
        assertThat(broker.sendOk("durable", 3, "b1")).isEqualTo(1);
        assertThat(broker.sendOk("durable", 1, "first of queue 1")).isZero();
        assertThat(broker.pullBodies("durable", 0, 0, 32)).containsExactly("a0", "a1", "a2");
    }

    /** Ways the last record of a log can be torn by a crash mid-write. */
    enum TornTail {
        /** Fewer bytes than a record header. */
        GARBAGE_SHORTER_THAN_A_HEADER {
            @Override
            byte[] bytes() {
                return new byte[] {0x7f, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06};
            }
        },
        /** A header whose length runs past the end of the file: the body was only partly written. */
        TRUNCATED_RECORD {
            @Override
            byte[] bytes() {
                byte[] whole = record("lost in the crash".getBytes(StandardCharsets.UTF_8), 0);
                return java.util.Arrays.copyOf(whole, whole.length - 5);
            }
        },
        /** A complete record whose checksum does not match (bytes written out of order, then the crash). */
        BAD_CHECKSUM {
            @Override
            byte[] bytes() {
                return record("scrambled".getBytes(StandardCharsets.UTF_8), 0x5a5a5a5a);
            }
        },
        /** Random bytes that read as an absurd length. */
        GARBAGE_WITH_A_HUGE_LENGTH {
            @Override
            byte[] bytes() {
                byte[] bytes = new byte[40];
                java.util.Arrays.fill(bytes, (byte) 0xEE);
                bytes[0] = 0x10;
                return bytes;
            }
        };

        abstract byte[] bytes();
    }

    @ParameterizedTest
    @EnumSource(TornTail.class)
    void aTornTailIsCutOnRestartAndTheIntactMessagesAndOffsetsRemain(TornTail tail) throws IOException {
        broker.sendOk("torn", 2, "intact-0");
        broker.sendOk("torn", 2, "intact-1");
        broker.sendOk("torn", 2, "intact-2");
        broker.stopBroker();

        Path file = dataDir.resolve("torn").resolve("2.log");
        long intactLength = Files.size(file);
        assertThat(intactLength).isEqualTo(3 * (16 + "intact-0".length()));
        Files.write(file, tail.bytes(), StandardOpenOption.APPEND);
        assertThat(Files.size(file)).isGreaterThan(intactLength);

        broker.startBroker();

        assertThat(Files.size(file)).as("torn bytes cut off").isEqualTo(intactLength);
        assertThat(broker.pullBodies("torn", 2, 0, 32)).containsExactly("intact-0", "intact-1", "intact-2");
        assertThat(broker.runtimeInfo().at("/topics/torn/queues/2/maxOffset").asLong()).isEqualTo(3);
        assertThat(broker.sendOk("torn", 2, "after-restart")).isEqualTo(3);
        assertThat(broker.pullBodies("torn", 2, 3, 32)).containsExactly("after-restart");
        assertThat(Files.size(file)).isEqualTo(intactLength + 16 + "after-restart".length());
    }

    @Test
    void lengthsOfTheOtherQueuesAreUntouchedWhenOneQueueHasATornTail() throws IOException {
        broker.sendOk("mixed", 0, "zero");
        broker.sendOk("mixed", 1, "one");
        broker.stopBroker();
        Path queue0 = dataDir.resolve("mixed").resolve("0.log");
        Path queue1 = dataDir.resolve("mixed").resolve("1.log");
        long queue1Length = Files.size(queue1);
        Files.write(queue0, TornTail.BAD_CHECKSUM.bytes(), StandardOpenOption.APPEND);

        broker.startBroker();

        assertThat(Files.size(queue1)).isEqualTo(queue1Length);
        assertThat(broker.pullBodies("mixed", 0, 0, 32)).containsExactly("zero");
        assertThat(broker.pullBodies("mixed", 1, 0, 32)).containsExactly("one");
    }

    @Test
    void loweringTheMaxMessageSizeKeepsBiggerMessagesStoredBefore() {
        broker.close();
        broker = BrokerFixture.start(dataDir, "broker.max-message-size=2KB");
        broker.sendOk("sizes", 0, "x".repeat(1500));
        broker.sendOk("sizes", 0, "small");
        broker.close();

        broker = BrokerFixture.start(dataDir, "broker.max-message-size=1KB");

        assertThat(broker.pullBodies("sizes", 0, 0, 32)).containsExactly("x".repeat(1500), "small");
        RemotingCommand tooBig = broker.send("sizes", 0, new byte[1500]);
        assertThat(tooBig.getCode()).isNotEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(broker.sendOk("sizes", 0, "next")).isEqualTo(2);
    }

    /** A record as QueueLog writes it, with the checksum XORed by {@code crcFlip} (0 for a correct one). */
    static byte[] record(byte[] body, int crcFlip) {
        long timestamp = System.currentTimeMillis();
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).putLong(0, timestamp).array());
        crc.update(body);
        return ByteBuffer.allocate(16 + body.length)
                .putInt(body.length)
                .putInt((int) crc.getValue() ^ crcFlip)
                .putLong(timestamp)
                .put(body)
                .array();
    }
}
