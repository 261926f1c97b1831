package dev.remoting.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogThrottleTest {

    @Test
    void oneEventPassesPerIntervalAndTheNextOneCountsThoseHeldBack() {
        LogThrottle throttle = new LogThrottle(TimeUnit.MILLISECONDS.toNanos(200));

        assertThat(throttle.tryPass()).as("the first event passes").isZero();
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.tryPass()).as("held back within the interval").isEqualTo(-1);
        }
        AtomicLong passed = new AtomicLong(-1);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            passed.set(throttle.tryPass());
            return passed.get() >= 0;
        });
        // The 3 above, plus every poll of the await that came too early.
        assertThat(passed.get()).isGreaterThanOrEqualTo(3);
        assertThat(throttle.tryPass()).isEqualTo(-1);
    }
}
