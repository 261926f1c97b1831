package dev.remoting.sample.broker.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One queue's append-only file. Each record is {@code bodyLength(4) | crc32c(4) | storeTimestamp(8) | body}; the
 * checksum covers timestamp and body. A message is acknowledged only after its record is written, so a crash can
 * leave at most a torn last record, which {@link #open} detects (short, or failing its checksum) and cuts off.
 * Offsets are record numbers, kept in memory as file positions.
 */
public final class QueueLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueueLog.class);
    static final int RECORD_HEADER = 16;

    private final Path file;
    private final FileChannel channel;
    private final boolean syncFlush;
    private final int maxMessageSize;
    private volatile long[] positions;
    private volatile long maxOffset;
    private long writePosition;

    private QueueLog(Path file, FileChannel channel, boolean syncFlush, int maxMessageSize) {
        this.file = file;
        this.channel = channel;
        this.syncFlush = syncFlush;
        this.maxMessageSize = maxMessageSize;
        this.positions = new long[1024];
    }

    /** Opens (or creates) the file, indexes every intact record and cuts off a torn tail. */
    public static QueueLog open(Path file, boolean syncFlush, int maxMessageSize) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        QueueLog queue = new QueueLog(file, channel, syncFlush, maxMessageSize);
        try {
            queue.recover();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return queue;
    }

    /**
     * Indexes the intact records and cuts off a torn tail. A crash tears at most the last record, so damage is cut
     * only where it can be that: a partial header, a record that runs to or past the end of the file, or, after a
     * record whose length is not believable, no more bytes than one record can have. Damage with intact-looking
     * data after it is refused, naming the file and the record, rather than cutting off messages that were
     * acknowledged.
     */
    private void recover() throws IOException {
        long size = channel.size();
        long position = 0;
        ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER);
        while (position < size) {
            String torn;
            header.clear();
            if (size - position < RECORD_HEADER) {
                torn = "incomplete record header";
            } else {
                readFully(header, position);
                header.flip();
                int length = header.getInt();
                int crc = header.getInt();
                long end = position + RECORD_HEADER + length;
                if (length < 0 || length > maxMessageSize) {
                    torn = "record length " + length + " is not believable";
                    if (size - position > RECORD_HEADER + (long) maxMessageSize) {
                        throw damaged(position, size, torn);
                    }
                } else if (end > size) {
                    torn = "record length " + length + " runs past the end of the file";
                } else if (checksum(position, length) == crc) {
                    index(position);
                    position = end;
                    continue;
                } else if (end < size) {
                    throw damaged(position, size, "checksum mismatch");
                } else {
                    torn = "checksum mismatch";
                }
            }
            log.warn("{}: cutting a torn tail of {} bytes at position {} ({}); {} messages kept", file,
                    size - position, position, torn, maxOffset);
            channel.truncate(position);
            channel.force(true);
            break;
        }
        writePosition = position;
    }

    private int checksum(long position, int length) throws IOException {
        ByteBuffer record = ByteBuffer.allocate(8 + length);
        readFully(record, position + 8);
        CRC32C checksum = new CRC32C();
        checksum.update(record.array());
        return (int) checksum.getValue();
    }

    private IOException damaged(long position, long size, String why) {
        return new IOException(file + ": record " + maxOffset + " at byte " + position + " is damaged (" + why
                + ") and " + (size - position) + " bytes follow; refusing to cut off what may be acknowledged "
                + "messages. Restore the file, or truncate it to " + position + " bytes to drop record " + maxOffset
                + " and everything after it");
    }

    /** Appends a message and returns its offset; the record is written (and flushed if configured) on return. */
    public synchronized long append(byte[] body, long storeTimestamp) {
        CRC32C checksum = new CRC32C();
        ByteBuffer stamp = ByteBuffer.allocate(8).putLong(0, storeTimestamp);
        checksum.update(stamp.array());
        checksum.update(body);
        ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER + body.length)
                .putInt(body.length)
                .putInt((int) checksum.getValue())
                .putLong(storeTimestamp)
                .put(body)
                .flip();
        try {
            long position = writePosition;
            while (record.hasRemaining()) {
                channel.write(record, position + record.position());
            }
            if (syncFlush) {
                channel.force(false);
            }
            writePosition = position + RECORD_HEADER + body.length;
            return index(position);
        } catch (IOException e) {
            throw new StoreException("cannot append to " + name(), e);
        }
    }

    /** Reads up to {@code max} messages from {@code offset}, stopping early once {@code maxBytes} are collected. */
    public List<StoredMessage> read(long offset, int max, int maxBytes) {
        long end = Math.min(maxOffset, offset + max);
        long[] index = positions;
        List<StoredMessage> messages = new ArrayList<>();
        int bytes = 0;
        try {
            for (long o = offset; o < end && bytes < maxBytes; o++) {
                long position = index[(int) o];
                ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER);
                readFully(header, position);
                header.flip();
                int length = header.getInt();
                header.getInt();
                long timestamp = header.getLong();
                ByteBuffer body = ByteBuffer.allocate(length);
                readFully(body, position + RECORD_HEADER);
                messages.add(new StoredMessage(o, timestamp, body.array()));
                bytes += length;
            }
        } catch (IOException e) {
            throw new StoreException("cannot read " + name(), e);
        }
        return messages;
    }

    /** Names the queue as topic and queue id, never as a path: the name may reach clients in a remark. */
    private String name() {
        Path topic = file.getParent() != null ? file.getParent().getFileName() : null;
        String queue = file.getFileName().toString().replaceFirst("\\.log$", "");
        return "topic " + topic + " queue " + queue;
    }

    /** Returns the offset the next message will get. */
    public long maxOffset() {
        return maxOffset;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.force(true);
        channel.close();
    }

    private long index(long position) {
        long offset = maxOffset;
        long[] index = positions;
        if (offset == index.length) {
            index = Arrays.copyOf(index, index.length * 2);
            positions = index;
        }
        index[(int) offset] = position;
        maxOffset = offset + 1;
        return offset;
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("unexpected end of the file at byte " + (position + buffer.position()));
            }
        }
    }
}
