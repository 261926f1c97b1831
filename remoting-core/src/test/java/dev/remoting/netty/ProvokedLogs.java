package dev.remoting.netty;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * For test classes that provoke failures on purpose (malformed input, failed handshakes, throwing handlers): what
 * our code logs while they run is held back from the console and printed only for a test that fails, so that a green
 * build does not show dozens of warnings that each mean "the test worked". Levels stay as they are: a test's own
 * appender on a logger still sees every line, and nothing is held back from a failing test.
 */
final class ProvokedLogs implements BeforeAllCallback, AfterAllCallback, BeforeTestExecutionCallback,
        AfterTestExecutionCallback {

    private static final String CAPTURED = "dev.remoting";

    private final ListAppender<ILoggingEvent> held = new ListAppender<>();

    private static Logger logger() {
        return (Logger) LoggerFactory.getLogger(CAPTURED);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        held.start();
        Logger logger = logger();
        logger.addAppender(held);
        // Lines stop here instead of going on to the console appender of the root logger.
        logger.setAdditive(false);
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        clear();
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            List<ILoggingEvent> lines;
            synchronized (held) {
                lines = List.copyOf(held.list);
            }
            System.err.println("--- " + lines.size() + " line(s) logged by " + CAPTURED + " during the failed test "
                    + context.getDisplayName() + ":");
            lines.forEach(e -> System.err.println(e.getLevel() + " [" + e.getThreadName() + "] " + e.getLoggerName()
                    + " - " + e.getFormattedMessage()));
        }
        clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Logger logger = logger();
        logger.setAdditive(true);
        logger.detachAppender(held);
        held.stop();
    }

    private void clear() {
        synchronized (held) {
            held.list.clear();
        }
    }
}
