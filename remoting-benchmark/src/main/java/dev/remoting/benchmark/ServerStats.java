package dev.remoting.benchmark;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/** A server JVM's counters at one moment, as carried in the body of a STATS response. */
record ServerStats(long onewayReceived, long cpuNanos, Map<Long, Long> allocatedBytesByThread) {

    static ServerStats current(long onewayReceived) {
        return new ServerStats(onewayReceived, JvmMeter.processCpuNanos(), JvmMeter.allocatedBytesByThread());
    }

    byte[] encode() {
        ByteBuffer buffer = ByteBuffer.allocate(20 + 16 * allocatedBytesByThread.size());
        buffer.putLong(onewayReceived).putLong(cpuNanos).putInt(allocatedBytesByThread.size());
        allocatedBytesByThread.forEach((id, bytes) -> buffer.putLong(id).putLong(bytes));
        return buffer.array();
    }

    static ServerStats decode(byte[] body) {
        ByteBuffer buffer = ByteBuffer.wrap(body);
        long received = buffer.getLong();
        long cpu = buffer.getLong();
        int threads = buffer.getInt();
        Map<Long, Long> allocated = new HashMap<>(threads * 2);
        for (int i = 0; i < threads; i++) {
            allocated.put(buffer.getLong(), buffer.getLong());
        }
        return new ServerStats(received, cpu, allocated);
    }

    static byte[] encodeCount(long count) {
        return ByteBuffer.allocate(8).putLong(count).array();
    }

    static long decodeCount(byte[] body) {
        return ByteBuffer.wrap(body).getLong();
    }
}
