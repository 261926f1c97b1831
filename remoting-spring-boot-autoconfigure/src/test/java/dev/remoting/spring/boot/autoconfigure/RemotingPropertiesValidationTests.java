package dev.remoting.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A value the transport cannot use fails start-up with a message that names the property. */
class RemotingPropertiesValidationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class))
            .withPropertyValues("remoting.server.port=0", "remoting.server.bind-address=127.0.0.1");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            remoting.server.port=70000                     | remoting.server.port
            remoting.server.port=-1                        | remoting.server.port
            remoting.server.selector-threads=0             | remoting.server.selector-threads
            remoting.server.worker-threads=0               | remoting.server.worker-threads
            remoting.server.callback-threads=0             | remoting.server.callback-threads
            remoting.server.async-permits=0                | remoting.server.async-permits
            remoting.server.oneway-permits=-5              | remoting.server.oneway-permits
            remoting.server.idle-time=-1s                  | remoting.server.idle-time
            remoting.server.max-frame-length=10B           | remoting.server.max-frame-length
            remoting.server.max-frame-length=3GB           | remoting.server.max-frame-length
            remoting.server.shutdown-grace-period=-1s      | remoting.server.shutdown-grace-period
            remoting.server.event-queue-capacity=0         | remoting.server.event-queue-capacity
            remoting.server.socket.backlog=0               | remoting.server.socket.backlog
            remoting.server.socket.send-buffer-size=-1B    | remoting.server.socket.send-buffer-size
            remoting.server.socket.receive-buffer-size=3GB | remoting.server.socket.receive-buffer-size
            remoting.server.serialize-type=xml             | remoting.server.serialize-type
            remoting.client.connect-timeout=0s             | remoting.client.connect-timeout
            remoting.client.default-timeout=0s             | remoting.client.default-timeout
            remoting.client.default-timeout=-1s            | remoting.client.default-timeout
            remoting.client.default-timeout=999us          | remoting.client.default-timeout
            remoting.client.worker-threads=0               | remoting.client.worker-threads
            remoting.client.callback-threads=0             | remoting.client.callback-threads
            remoting.client.async-permits=0                | remoting.client.async-permits
            remoting.client.oneway-permits=0               | remoting.client.oneway-permits
            remoting.client.idle-time=-2s                  | remoting.client.idle-time
            remoting.client.max-frame-length=1B            | remoting.client.max-frame-length
            remoting.client.name-servers=nohostport        | remoting.client.name-servers
            remoting.client.name-servers=host:port         | remoting.client.name-servers
            remoting.client.name-servers=local:            | remoting.client.name-servers
            remoting.client.name-servers=local:Upper.Case  | remoting.client.name-servers
            remoting.clients.audit.name-servers=local:a b  | remoting.clients.audit.name-servers
            remoting.server.in-process-name=has space      | remoting.server.in-process-name
            remoting.server.in-process-name=a,b            | remoting.server.in-process-name
            remoting.executors.send.queue-capacity=0       | remoting.executors.send.queue-capacity
            remoting.executors.send.threads=0              | remoting.executors.send.threads
            """)
    void invalidValueFailsStartUpNamingTheProperty(String assignment, String property) {
        this.runner.withPropertyValues(assignment).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains(property);
        });
    }

    @Test
    void blankThreadNamePrefixFailsNamingTheProperty() {
        this.runner.withPropertyValues("remoting.executors.send.thread-name-prefix=").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("remoting.executors.send.thread-name-prefix");
        });
    }

    @Test
    void lowWaterMarkAboveHighWaterMarkFailsNamingTheLowOne() {
        this.runner.withPropertyValues("remoting.server.socket.write-buffer-low-water-mark=64KB",
                "remoting.server.socket.write-buffer-high-water-mark=32KB").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure()))
                            .contains("remoting.server.socket.write-buffer-low-water-mark");
                });
    }

    @Test
    void clientWaterMarksAreCheckedToo() {
        this.runner.withPropertyValues("remoting.client.socket.write-buffer-low-water-mark=64KB",
                "remoting.client.socket.write-buffer-high-water-mark=32KB").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure()))
                            .contains("remoting.client.socket.write-buffer-low-water-mark");
                });
    }

    @Test
    void boundaryValuesAreAccepted() {
        this.runner.withPropertyValues("remoting.server.selector-threads=1", "remoting.server.async-permits=1",
                "remoting.server.idle-time=0s", "remoting.server.max-frame-length=64B",
                "remoting.client.connect-timeout=1ms", "remoting.client.default-timeout=1ms",
                "remoting.executors.send.queue-capacity=1",
                "remoting.executors.send.threads=1", "remoting.client.name-servers=[::1]:9876")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void disabledServerIsNotValidated() {
        this.runner.withPropertyValues("remoting.server.enabled=false", "remoting.server.port=70000")
                .run(context -> assertThat(context).hasNotFailed());
    }

    /** Every message in the cause chain, one per line. */
    private static String messages(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(t.getMessage());
        }
        return String.join("\n", messages);
    }
}
