package dev.remoting.sample.client;

import java.util.Arrays;

/** Nearest-rank percentiles of call latencies. */
final class LatencyPercentiles {

    private final long[] sortedNanos;

    LatencyPercentiles(long[] nanos) {
        this.sortedNanos = nanos.clone();
        Arrays.sort(sortedNanos);
    }

    /** Returns the {@code p} percentile in milliseconds, or {@code null} when there is no latency at all. */
    Double millis(double p) {
        return sortedNanos.length == 0 ? null : percentile(sortedNanos, p) / 1e6;
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
