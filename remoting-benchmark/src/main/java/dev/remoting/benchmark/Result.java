package dev.remoting.benchmark;

import org.HdrHistogram.Histogram;

/**
 * One measured run of one workload against one implementation.
 *
 * @param ops calls completed in the measured window (for oneway: requests the server counted)
 * @param nanos length of the measured window
 * @param latency per-call latency in nanoseconds, for sync workloads; otherwise {@code null}
 * @param clientAllocatedBytes bytes allocated by the harness JVM's threads in the window
 * @param serverAllocatedBytes bytes allocated by the server JVM's threads in the window
 * @param clientCpuNanos CPU time of the harness JVM in the window
 * @param serverCpuNanos CPU time of the server JVM in the window
 */
record Result(Implementation impl, Workload workload, int round, long ops, long nanos, long errors, String firstError,
        Histogram latency, long clientAllocatedBytes, long serverAllocatedBytes, long clientCpuNanos,
        long serverCpuNanos) {

    double opsPerSecond() {
        return nanos <= 0 ? 0 : ops * 1e9 / nanos;
    }

    /** Latency at the percentile, in microseconds, or NaN when not measured. */
    double latencyMicros(double percentile) {
        return latency == null || latency.getTotalCount() == 0 ? Double.NaN
                : latency.getValueAtPercentile(percentile) / 1000.0;
    }

    double clientBytesPerCall() {
        return ops == 0 ? Double.NaN : (double) clientAllocatedBytes / ops;
    }

    double serverBytesPerCall() {
        return ops == 0 ? Double.NaN : (double) serverAllocatedBytes / ops;
    }

    double clientCpuMicrosPerCall() {
        return ops == 0 ? Double.NaN : clientCpuNanos / 1000.0 / ops;
    }

    double serverCpuMicrosPerCall() {
        return ops == 0 ? Double.NaN : serverCpuNanos / 1000.0 / ops;
    }

    String summary() {
        StringBuilder s = new StringBuilder(String.format(java.util.Locale.ROOT, "%,.0f calls/s", opsPerSecond()));
        if (latency != null && latency.getTotalCount() > 0) {
            s.append(String.format(java.util.Locale.ROOT, ", p50 %.0f µs, p99 %.0f µs", latencyMicros(50),
                    latencyMicros(99)));
        }
        s.append(String.format(java.util.Locale.ROOT, ", alloc %.0f/%.0f B, cpu %.1f+%.1f µs per call",
                clientBytesPerCall(), serverBytesPerCall(), clientCpuMicrosPerCall(), serverCpuMicrosPerCall()));
        if (errors > 0) {
            s.append(", ").append(errors).append(" ERRORS (first: ").append(firstError).append(')');
        }
        return s.toString();
    }
}
