package dev.remoting.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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

    @Test
    void theLineThatPassesSaysHowManyWereHeldBack() {
        Logger logger = (Logger) LoggerFactory.getLogger(LogThrottleTest.class.getName() + ".throttled");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        try {
            LogThrottle throttle = new LogThrottle(TimeUnit.MILLISECONDS.toNanos(200));
            for (int i = 0; i < 3; i++) {
                throttle.log(logger, org.slf4j.event.Level.WARN, "event {}", i);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                throttle.log(logger, org.slf4j.event.Level.WARN, "event {}", "late");
                return appender.list.stream().filter(e -> e.getLevel() == Level.WARN).count() == 2;
            });

            assertThat(appender.list).filteredOn(e -> e.getLevel() == Level.WARN).extracting(
                    ILoggingEvent::getFormattedMessage).first().isEqualTo("event 0");
            assertThat(appender.list).filteredOn(e -> e.getLevel() == Level.WARN).last().extracting(
                    ILoggingEvent::getFormattedMessage).asString()
                    .matches("event late \\(\\d+ similar lines held back before this one\\)");
            assertThat(appender.list).filteredOn(e -> e.getLevel() == Level.DEBUG).extracting(
                    ILoggingEvent::getFormattedMessage).startsWith("event 1", "event 2");
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(null);
        }
    }

    @Test
    void aTrailingExceptionKeepsItsStackTraceWhenTheCountIsAdded() {
        Logger logger = (Logger) LoggerFactory.getLogger(LogThrottleTest.class.getName() + ".failures");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            LogThrottle throttle = new LogThrottle(TimeUnit.MILLISECONDS.toNanos(200));
            IllegalStateException failure = new IllegalStateException("boom");
            throttle.log(logger, org.slf4j.event.Level.ERROR, "request {} failed", 1, failure);
            throttle.log(logger, org.slf4j.event.Level.ERROR, "request {} failed", 2, failure);
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                throttle.log(logger, org.slf4j.event.Level.ERROR, "request {} failed", 3, failure);
                return appender.list.stream().filter(e -> e.getLevel() == Level.ERROR).count() == 2;
            });

            ILoggingEvent last = appender.list.stream().filter(e -> e.getLevel() == Level.ERROR)
                    .reduce((first, second) -> second).orElseThrow();
            assertThat(last.getFormattedMessage())
                    .matches("request 3 failed \\(\\d+ similar lines held back before this one\\)");
            assertThat(last.getThrowableProxy()).as("the exception is logged as such").isNotNull();
            assertThat(last.getThrowableProxy().getMessage()).isEqualTo("boom");
        } finally {
            logger.detachAppender(appender);
        }
    }
}
