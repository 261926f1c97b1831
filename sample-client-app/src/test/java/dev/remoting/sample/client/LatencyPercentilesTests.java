package dev.remoting.sample.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyPercentilesTests {

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(LatencyPercentiles.percentile(sorted, 0.50)).isEqualTo(5);
        assertThat(LatencyPercentiles.percentile(sorted, 0.99)).isEqualTo(10);
        assertThat(LatencyPercentiles.percentile(new long[] {7}, 0.99)).isEqualTo(7);
    }

    @Test
    void latenciesAreSortedAndGivenInMilliseconds() {
        LatencyPercentiles latencies = new LatencyPercentiles(new long[] {4_000_000, 1_000_000, 3_000_000, 2_000_000});
        assertThat(latencies.millis(0.50)).isEqualTo(2.0);
        assertThat(latencies.millis(0.99)).isEqualTo(4.0);
    }

    @Test
    void withoutLatenciesThereIsNoPercentile() {
        assertThat(new LatencyPercentiles(new long[0]).millis(0.50)).isNull();
    }
}
