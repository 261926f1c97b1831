package dev.remoting.sample.broker.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Topics, each with a fixed number of queues, each queue a {@link QueueLog} under {@code <dataDir>/<topic>/}. A
 * topic exists once it has received a message; logs found on disk are reopened at start, so offsets continue.
 *
 * <p>One store owns its directory: it holds a lock on {@code <dataDir>/.lock} while open, so that a second broker
 * started on the same directory fails instead of handing out the same offsets and overwriting acknowledged messages.
 */
public final class MessageStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MessageStore.class);
    public static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,127}");

    /**
     * The longest record body recovery accepts (a frame is at most 16MB). Not the current max-message-size: lowering
     * that setting must not make recovery take earlier, bigger messages for a torn tail and cut them off.
     */
    static final int MAX_STORED_BODY = 16 * 1024 * 1024;

    private final Path dataDir;
    private final int queuesPerTopic;
    private final boolean syncFlush;
    private final int maxMessageSize;
    private final Map<String, QueueLog[]> topics = new ConcurrentHashMap<>();
    private final FileChannel lockFile;

    public MessageStore(Path dataDir, int queuesPerTopic, boolean syncFlush, int maxMessageSize) throws IOException {
        this.dataDir = dataDir;
        this.queuesPerTopic = queuesPerTopic;
        this.syncFlush = syncFlush;
        this.maxMessageSize = maxMessageSize;
        Files.createDirectories(dataDir);
        this.lockFile = lock(dataDir);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dataDir, Files::isDirectory)) {
            for (Path dir : dirs) {
                String topic = dir.getFileName().toString();
                if (TOPIC_NAME.matcher(topic).matches()) {
                    topics.put(topic, openQueues(topic));
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        log.info("message store at {}: {} topics, {} messages", dataDir.toAbsolutePath(), topics.size(),
                messageCount());
    }

    public int queuesPerTopic() {
        return queuesPerTopic;
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** Appends to a queue, creating the topic on its first message; returns the message's offset. */
    public long append(String topic, int queueId, byte[] body) {
        QueueLog[] queues = topics.computeIfAbsent(topic, t -> {
            try {
                return openQueues(t);
            } catch (IOException e) {
                throw new StoreException("cannot create topic " + t, e);
            }
        });
        return queues[queueId].append(body, System.currentTimeMillis());
    }

    /** Returns the topic's queues, or {@code null} when the topic has never received a message. */
    public QueueLog queue(String topic, int queueId) {
        QueueLog[] queues = topics.get(topic);
        return queues == null || queueId < 0 || queueId >= queues.length ? null : queues[queueId];
    }

    public boolean hasTopic(String topic) {
        return topics.containsKey(topic);
    }

    /** Returns each topic's queues' max offsets, sorted by topic. */
    public Map<String, List<Long>> maxOffsets() {
        Map<String, List<Long>> offsets = new TreeMap<>();
        topics.forEach((topic, queues) -> {
            Long[] max = new Long[queues.length];
            for (int i = 0; i < queues.length; i++) {
                max[i] = queues[i].maxOffset();
            }
            offsets.put(topic, List.of(max));
        });
        return Collections.unmodifiableMap(offsets);
    }

    public long messageCount() {
        long count = 0;
        for (QueueLog[] queues : topics.values()) {
            for (QueueLog queue : queues) {
                count += queue.maxOffset();
            }
        }
        return count;
    }

    @Override
    public void close() throws IOException {
        try {
            for (QueueLog[] queues : topics.values()) {
                for (QueueLog queue : queues) {
                    queue.close();
                }
            }
        } finally {
            // Closing the channel releases the lock.
            lockFile.close();
        }
    }

    private static FileChannel lock(Path dataDir) throws IOException {
        Path file = dataDir.resolve(".lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("data directory " + dataDir.toAbsolutePath() + " is in use by another broker ("
                    + file.toAbsolutePath() + " is locked)");
        }
        return channel;
    }

    private QueueLog[] openQueues(String topic) throws IOException {
        Path dir = dataDir.resolve(topic);
        Files.createDirectories(dir);
        QueueLog[] queues = new QueueLog[queuesPerTopic];
        for (int i = 0; i < queuesPerTopic; i++) {
            queues[i] = QueueLog.open(dir.resolve(i + ".log"), syncFlush, MAX_STORED_BODY);
        }
        return queues;
    }
}
