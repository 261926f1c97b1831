package dev.remoting.sample.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueLogTest {

    private static final int MAX = 1024;

    @TempDir
    Path dir;

    private final List<QueueLog> opened = new ArrayList<>();

    @AfterEach
    void closeLogs() throws IOException {
        for (QueueLog log : opened) {
            log.close();
        }
    }

    private QueueLog open(Path file) throws IOException {
        QueueLog log = QueueLog.open(file, false, MAX);
        opened.add(log);
        return log;
    }

    private void close(QueueLog log) throws IOException {
        opened.remove(log);
        log.close();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> bodies(List<StoredMessage> messages) {
        return messages.stream().map(m -> new String(m.body(), StandardCharsets.UTF_8)).toList();
    }

    private static byte[] record(byte[] body, long timestamp, int crcFlip) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).putLong(0, timestamp).array());
        crc.update(body);
        return ByteBuffer.allocate(QueueLog.RECORD_HEADER + body.length)
                .putInt(body.length)
                .putInt((int) crc.getValue() ^ crcFlip)
                .putLong(timestamp)
                .put(body)
                .array();
    }

    @Test
    void aNewLogIsEmptyAndCreatesItsFile() throws IOException {
        Path file = dir.resolve("0.log");
        QueueLog log = open(file);

        assertThat(log.maxOffset()).isZero();
        assertThat(log.read(0, 10, MAX)).isEmpty();
        assertThat(file).exists().isEmptyFile();
    }

    @Test
    void appendReturnsConsecutiveOffsetsAndReadReturnsTheMessagesInOrder() throws IOException {
        QueueLog log = open(dir.resolve("0.log"));

        assertThat(log.append(utf8("a"), 100)).isZero();
        assertThat(log.append(utf8("bb"), 200)).isEqualTo(1);
        assertThat(log.append(utf8("ccc"), 300)).isEqualTo(2);

        assertThat(log.maxOffset()).isEqualTo(3);
        List<StoredMessage> all = log.read(0, 10, MAX);
        assertThat(bodies(all)).containsExactly("a", "bb", "ccc");
        assertThat(all).extracting(StoredMessage::queueOffset).containsExactly(0L, 1L, 2L);
        assertThat(all).extracting(StoredMessage::storeTimestamp).containsExactly(100L, 200L, 300L);
        assertThat(bodies(log.read(1, 1, MAX))).containsExactly("bb");
        assertThat(log.read(3, 10, MAX)).isEmpty();
        assertThat(log.read(99, 10, MAX)).isEmpty();
    }

    @Test
    void readStopsOnceMaxBytesAreCollectedButReturnsAtLeastOneMessage() throws IOException {
        QueueLog log = open(dir.resolve("0.log"));
        for (int i = 0; i < 5; i++) {
            log.append(new byte[100], i);
        }

        assertThat(log.read(0, 10, 250)).hasSize(3);
        assertThat(log.read(0, 10, 1)).hasSize(1);
    }

    @Test
    void theIndexGrowsPastItsInitialCapacity() throws IOException {
        Path file = dir.resolve("0.log");
        QueueLog log = open(file);
        for (int i = 0; i < 3000; i++) {
            assertThat(log.append(utf8("m" + i), i)).isEqualTo(i);
        }
        assertThat(bodies(log.read(2998, 10, MAX))).containsExactly("m2998", "m2999");
        close(log);

        QueueLog reopened = open(file);
        assertThat(reopened.maxOffset()).isEqualTo(3000);
        assertThat(bodies(reopened.read(1023, 3, MAX))).containsExactly("m1023", "m1024", "m1025");
    }

    @Test
    void aReopenedLogHasTheSameMessagesAndContinuesTheOffsets() throws IOException {
        Path file = dir.resolve("0.log");
        QueueLog log = open(file);
        log.append(utf8("first"), 1);
        log.append(utf8("second"), 2);
        close(log);

        QueueLog reopened = open(file);

        assertThat(reopened.maxOffset()).isEqualTo(2);
        assertThat(bodies(reopened.read(0, 10, MAX))).containsExactly("first", "second");
        assertThat(reopened.append(utf8("third"), 3)).isEqualTo(2);
        assertThat(bodies(reopened.read(0, 10, MAX))).containsExactly("first", "second", "third");
        assertThat(file).hasSize(3L * QueueLog.RECORD_HEADER + "firstsecondthird".length());
    }

    /** Writes two intact records, then the given tail, and reopens. */
    private QueueLog reopenWithTail(Path file, byte[] tail) throws IOException {
        QueueLog log = open(file);
        log.append(utf8("one"), 1);
        log.append(utf8("two"), 2);
        close(log);
        Files.write(file, tail, StandardOpenOption.APPEND);
        return open(file);
    }

    private static final long INTACT = 2L * QueueLog.RECORD_HEADER + "onetwo".length();

    private void assertCutToTheIntactRecords(Path file, QueueLog log) throws IOException {
        assertThat(file).hasSize(INTACT);
        assertThat(log.maxOffset()).isEqualTo(2);
        assertThat(bodies(log.read(0, 10, MAX))).containsExactly("one", "two");
        assertThat(log.append(utf8("three"), 3)).isEqualTo(2);
        assertThat(file).hasSize(INTACT + QueueLog.RECORD_HEADER + "three".length());
        close(log);
        QueueLog again = open(file);
        assertThat(bodies(again.read(0, 10, MAX))).containsExactly("one", "two", "three");
    }

    @Test
    void aTornHeaderIsCutOff() throws IOException {
        Path file = dir.resolve("0.log");
        byte[] partialHeader = Arrays.copyOf(record(utf8("three"), 3, 0), QueueLog.RECORD_HEADER - 1);

        assertCutToTheIntactRecords(file, reopenWithTail(file, partialHeader));
    }

    @Test
    void aTornBodyIsCutOff() throws IOException {
        Path file = dir.resolve("0.log");
        byte[] whole = record(utf8("three-and-more"), 3, 0);
        byte[] partialBody = Arrays.copyOf(whole, whole.length - 1);

        assertCutToTheIntactRecords(file, reopenWithTail(file, partialBody));
    }

    @Test
    void aRecordWithABadChecksumIsCutOff() throws IOException {
        Path file = dir.resolve("0.log");

        assertCutToTheIntactRecords(file, reopenWithTail(file, record(utf8("three"), 3, 1)));
    }

    @Test
    void aRecordWithAFlippedBodyByteIsCutOff() throws IOException {
        Path file = dir.resolve("0.log");
        byte[] corrupt = record(utf8("three"), 3, 0);
        corrupt[corrupt.length - 1] ^= 0x01;

        assertCutToTheIntactRecords(file, reopenWithTail(file, corrupt));
    }

    @Test
    void garbageWithANegativeOrHugeLengthIsCutOff() throws IOException {
        Path file = dir.resolve("0.log");
        byte[] garbage = new byte[64];
        Arrays.fill(garbage, (byte) 0xFF);

        assertCutToTheIntactRecords(file, reopenWithTail(file, garbage));
    }

    @Test
    void aLogWhoseOnlyRecordIsTornBecomesEmpty() throws IOException {
        Path file = dir.resolve("0.log");
        Files.write(file, Arrays.copyOf(record(utf8("never acknowledged"), 1, 0), 20));

        QueueLog log = open(file);

        assertThat(log.maxOffset()).isZero();
        assertThat(file).isEmptyFile();
        assertThat(log.append(utf8("fresh"), 2)).isZero();
    }

    @Test
    void syncFlushAppendsAreReadableAfterReopen() throws IOException {
        Path file = dir.resolve("0.log");
        QueueLog log = QueueLog.open(file, true, MAX);
        opened.add(log);
        log.append(utf8("flushed"), 7);
        close(log);

        assertThat(bodies(open(file).read(0, 1, MAX))).containsExactly("flushed");
    }

    @Test
    void damageFollowedByIntactRecordsIsRefusedNamingTheFileAndTheRecord() throws IOException {
        Path file = dir.resolve("0.log");
        QueueLog log = open(file);
        log.append(utf8("one"), 1);
        log.append(utf8("two"), 2);
        log.append(utf8("three"), 3);
        close(log);
        byte[] bytes = Files.readAllBytes(file);
        long second = QueueLog.RECORD_HEADER + "one".length();
        bytes[(int) second + QueueLog.RECORD_HEADER] ^= 0x01;
        Files.write(file, bytes);

        assertThatThrownBy(() -> open(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("record 1 at byte " + second)
                .hasMessageContaining("checksum mismatch");
        assertThat(file).as("nothing cut off").hasSize(bytes.length);
    }

    @Test
    void anUnbelievableLengthWithMoreThanOneRecordAfterItIsRefused() throws IOException {
        Path file = dir.resolve("0.log");
        byte[] garbage = new byte[QueueLog.RECORD_HEADER + MAX + 1];
        Arrays.fill(garbage, (byte) 0xFF);

        assertThatThrownBy(() -> reopenWithTail(file, garbage))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("record 2 at byte " + INTACT)
                .hasMessageContaining("not believable");
    }

    @Test
    void failuresNameTheQueueAndNeverThePath() throws IOException {
        Path file = Files.createDirectories(dir.resolve("orders")).resolve("3.log");
        QueueLog log = open(file);
        log.append(utf8("kept"), 1);
        close(log);

        assertThatThrownBy(() -> log.append(utf8("late"), 2))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot append to topic orders queue 3: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(dir.toString()));
        assertThatThrownBy(() -> log.read(0, 1, MAX)).isInstanceOf(StoreException.class);
    }
}
