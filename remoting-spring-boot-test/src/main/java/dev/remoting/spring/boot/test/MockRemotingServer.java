package dev.remoting.spring.boot.test;

import dev.remoting.codec.BodyCodec;
import dev.remoting.codec.JacksonBodyCodec;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.netty.NettyServerConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * A real remoting server on a free loopback port that answers as a test tells it to, for testing the client side of
 * an application, in the way of Spring's {@code MockRestServiceServer}: declare the requests expected and their
 * answers, point the client at {@link #address()}, run the code under test, then {@link #verify()}.
 *
 * <pre>{@code
 * try (MockRemotingServer server = MockRemotingServer.start()) {
 *     server.expect(requestCode(105)).andExpect(header("topic", "orders"))
 *             .andRespond(withSuccess().body(new TopicRoute(...)));
 *     server.expect(times(2), requestCode(10)).andRespond(withCode(17, "topic not exist"));
 *
 *     // the code under test, with a client (or a declarative client) calling server.address()
 *
 *     server.verify();
 * }
 * }</pre>
 *
 * <p>Being a {@link NettyRemotingServer} on a socket, it exercises everything on the client's side: its codec, hooks,
 * metrics, timeouts and reconnection. Expectations are taken in the order they were declared, unless the server was
 * built with {@link Builder#ignoreExpectOrder(boolean)}: then each request goes to the first expectation, in
 * declaration order, that matches it and can take more. Oneway requests are matched like the others and never
 * answered. A request that no expectation takes is answered with SYSTEM_ERROR, whose remark says why, and reported
 * by {@link #verify()}, which also reports every expectation that did not get its requests: call it at the end of
 * each test (or in {@code @AfterEach}), since nothing else fails the test. Bodies are encoded and decoded with a
 * {@link JacksonBodyCodec} unless {@link Builder#bodyCodec(BodyCodec) told otherwise}.
 */
public final class MockRemotingServer implements AutoCloseable {

    private static final Set<String> OWN_CLASSES = Set.of(MockRemotingServer.class.getName(),
            Expectation.class.getName(), ExpectationTable.class.getName());

    private final ExpectationTable table;
    private final NettyRemotingServer server;

    private MockRemotingServer(Builder builder) {
        this.table = new ExpectationTable(!builder.ignoreExpectOrder);
        NettyServerConfig config = new NettyServerConfig();
        config.setBindAddress("127.0.0.1");
        config.setListenPort(0);
        // A test server: a thread or two is plenty, and a stopping test should not wait for a grace period.
        config.setServerSelectorThreads(1);
        config.setServerCallbackExecutorThreads(2);
        config.setEnableShutdownGracefully(false);
        // A failing response creator's remark then names the exception, which helps more than it reveals here.
        config.setExposeErrorDetails(true);
        this.server = new NettyRemotingServer(config);
        this.server.registerDefaultProcessor(new MockProcessor(this.table, builder.bodyCodec), null);
        this.server.start();
    }

    /** Starts a mock server with ordered expectations and the JSON codec. */
    public static MockRemotingServer start() {
        return builder().start();
    }

    /** Starts setting up a mock server. */
    public static Builder builder() {
        return new Builder();
    }

    /** Expects one request that passes the matcher, and more matchers to add. */
    public ResponseActions expect(RequestMatcher matcher) {
        return expect(ExpectedCount.once(), matcher);
    }

    /** Expects {@code count} requests that pass the matcher, and more matchers to add. */
    public ResponseActions expect(ExpectedCount count, RequestMatcher matcher) {
        Objects.requireNonNull(count, "count");
        Objects.requireNonNull(matcher, "matcher");
        return table.add(count, matcher, caller());
    }

    /** Returns {@code 127.0.0.1:port}, for a client, a declarative client's address or a name-server list. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** Returns the port the server is listening on. */
    public int port() {
        return server.localListenPort();
    }

    /**
     * Checks that every expectation got its requests and that nothing unexpected happened.
     *
     * @throws AssertionError listing each unmet expectation (its matchers, count and the line that declared it) and
     *     each unexpected request
     */
    public void verify() {
        table.verify();
    }

    /**
     * Like {@link #verify()}, after waiting up to {@code timeout} for the expectations to get their requests: for
     * requests that arrive after the code under test returns, such as oneway or asynchronous ones, and calls that
     * timed out (a client may give up before its request has even arrived).
     */
    public void verify(Duration timeout) throws InterruptedException {
        table.awaitSatisfied(Objects.requireNonNull(timeout, "timeout"));
        table.verify();
    }

    /** Forgets every expectation and every request, to declare anew; connections stay open. */
    public void reset() {
        table.reset();
    }

    /** Stops the server, closing its connections. */
    @Override
    public void close() {
        server.shutdown();
    }

    /** Where the test declared an expectation, for the failure messages: its first frame outside this class. */
    private static String caller() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(frame -> !OWN_CLASSES.contains(frame.getClassName()))
                .findFirst()
                .map(frame -> frame.getFileName() + ":" + frame.getLineNumber())
                .orElse("unknown"));
    }

    /** Sets up a {@link MockRemotingServer}. */
    public static final class Builder {

        private boolean ignoreExpectOrder;
        private BodyCodec bodyCodec = new JacksonBodyCodec();

        private Builder() {
        }

        /**
         * Whether requests may arrive in any order: each goes to the first expectation that matches it and can take
         * more. False by default: expectations are taken in the order they were declared.
         */
        public Builder ignoreExpectOrder(boolean ignoreExpectOrder) {
            this.ignoreExpectOrder = ignoreExpectOrder;
            return this;
        }

        /** Sets the codec of typed bodies in matchers and responses; the application's, to see what it sends. */
        public Builder bodyCodec(BodyCodec bodyCodec) {
            this.bodyCodec = Objects.requireNonNull(bodyCodec, "bodyCodec");
            return this;
        }

        /** Starts the server on a free loopback port. */
        public MockRemotingServer start() {
            return new MockRemotingServer(this);
        }
    }
}
