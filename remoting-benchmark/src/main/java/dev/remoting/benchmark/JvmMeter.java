package dev.remoting.benchmark;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * What this JVM has spent: CPU time of the whole process and bytes allocated by each live thread (HotSpot's
 * per-thread TLAB accounting, the same figure JFR's allocation events are based on).
 */
final class JvmMeter {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    static {
        if (THREADS.isThreadAllocatedMemorySupported() && !THREADS.isThreadAllocatedMemoryEnabled()) {
            THREADS.setThreadAllocatedMemoryEnabled(true);
        }
    }

    private JvmMeter() {
    }

    /** CPU time used by this process (all threads, GC and JIT included), in nanoseconds. */
    static long processCpuNanos() {
        return OS.getProcessCpuTime();
    }

    /** Bytes allocated so far by every live thread, by thread id. */
    static Map<Long, Long> allocatedBytesByThread() {
        long[] ids = THREADS.getAllThreadIds();
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        Map<Long, Long> result = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                result.put(ids[i], bytes[i]);
            }
        }
        return result;
    }

    /**
     * Bytes allocated between two snapshots, thread by thread: a thread that appeared counts from zero; one that
     * died in between is left out (so a pool winding down from an earlier run cannot make the figure negative).
     */
    static long allocatedBetween(Map<Long, Long> before, Map<Long, Long> after) {
        long total = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            long delta = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (delta > 0) {
                total += delta;
            }
        }
        return total;
    }
}
