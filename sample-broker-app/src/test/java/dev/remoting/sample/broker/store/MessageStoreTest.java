package dev.remoting.sample.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageStoreTest {

    @TempDir
    Path dataDir;

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aTopicExistsFromItsFirstMessageWithOneLogFilePerQueue() throws IOException {
        try (MessageStore store = new MessageStore(dataDir, 3, false, 1024)) {
            assertThat(store.hasTopic("news")).isFalse();
            assertThat(store.queue("news", 0)).isNull();

            assertThat(store.append("news", 1, utf8("hello"))).isZero();
            assertThat(store.append("news", 1, utf8("again"))).isEqualTo(1);

            assertThat(store.hasTopic("news")).isTrue();
            assertThat(store.queue("news", 3)).isNull();
            assertThat(store.maxOffsets()).containsEntry("news", List.of(0L, 2L, 0L));
            assertThat(store.messageCount()).isEqualTo(2);
        }
        assertThat(dataDir.resolve("news")).isDirectoryContaining("glob:**/0.log")
                .isDirectoryContaining("glob:**/1.log").isDirectoryContaining("glob:**/2.log");
    }

    @Test
    void topicsOnDiskAreReopenedAndDirectoriesThatAreNotTopicsAreIgnored() throws IOException {
        try (MessageStore store = new MessageStore(dataDir, 2, false, 1024)) {
            store.append("a", 0, utf8("a0"));
            store.append("b", 1, utf8("b0"));
            store.append("b", 1, utf8("b1"));
        }
        Files.createDirectories(dataDir.resolve("not.a.topic"));
        Files.writeString(dataDir.resolve("stray-file"), "x");

        try (MessageStore store = new MessageStore(dataDir, 2, false, 1024)) {
            assertThat(store.maxOffsets()).containsOnlyKeys("a", "b");
            assertThat(store.messageCount()).isEqualTo(3);
            assertThat(store.queue("b", 1).read(0, 10, 1024)).extracting(m -> new String(m.body(),
                    StandardCharsets.UTF_8)).containsExactly("b0", "b1");
            assertThat(store.append("b", 1, utf8("b2"))).isEqualTo(2);
        }
    }

    @Test
    void aSecondStoreOnTheSameDirectoryFailsWhileTheFirstIsOpen() throws IOException {
        try (MessageStore first = new MessageStore(dataDir, 1, false, 1024)) {
            first.append("a", 0, utf8("a0"));

            assertThatThrownBy(() -> new MessageStore(dataDir, 1, false, 1024))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(dataDir.toAbsolutePath().toString())
                    .hasMessageContaining("in use by another broker");
            assertThat(first.append("a", 0, utf8("a1"))).as("the first store keeps working").isEqualTo(1);
        }

        try (MessageStore next = new MessageStore(dataDir, 1, false, 1024)) {
            assertThat(next.messageCount()).as("closing released the directory").isEqualTo(2);
        }
    }

    @Test
    void aStoreThatFailsToOpenReleasesItsDirectory() throws IOException {
        Files.createDirectories(dataDir.resolve("a"));
        Files.write(dataDir.resolve("a").resolve("0.log"), new byte[4096]);
        Files.write(dataDir.resolve("a").resolve("0.log"), new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(() -> new MessageStore(dataDir, 1, false, 1024)).isInstanceOf(IOException.class);
        Files.delete(dataDir.resolve("a").resolve("0.log"));

        try (MessageStore store = new MessageStore(dataDir, 1, false, 1024)) {
            assertThat(store.messageCount()).isZero();
        }
    }
}
