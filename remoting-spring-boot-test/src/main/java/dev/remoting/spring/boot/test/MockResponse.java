package dev.remoting.spring.boot.test;

import dev.remoting.protocol.RemotingCommand;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link MockRemotingServer} does with one matched request: answer it (now or after a delay), leave it
 * unanswered, or close the connection. The server sets the answer's opaque and response flag.
 */
public final class MockResponse {

    private final @Nullable RemotingCommand command;
    private final Duration delay;
    private final boolean closeConnection;

    private MockResponse(@Nullable RemotingCommand command, Duration delay, boolean closeConnection) {
        this.command = command;
        this.delay = delay;
        this.closeConnection = closeConnection;
    }

    /** Answers with this command. */
    public static MockResponse of(RemotingCommand command) {
        return new MockResponse(Objects.requireNonNull(command, "command"), Duration.ZERO, false);
    }

    /** Never answers: the caller's call times out. */
    public static MockResponse none() {
        return new MockResponse(null, Duration.ZERO, false);
    }

    /**
     * Closes the connection without answering: the caller's pending calls on it fail at once (a
     * {@link dev.remoting.exception.RemotingSendRequestException}), as when a server crashes.
     */
    public static MockResponse closeConnection() {
        return new MockResponse(null, Duration.ZERO, true);
    }

    /**
     * Returns this response acted on after {@code delay}, measured on the server's I/O thread without blocking it;
     * a delay longer than the caller's timeout makes the call time out.
     */
    public MockResponse after(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
        return new MockResponse(command, delay, closeConnection);
    }

    @Nullable RemotingCommand command() {
        return command;
    }

    Duration delay() {
        return delay;
    }

    boolean closesConnection() {
        return closeConnection;
    }
}
