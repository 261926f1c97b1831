package dev.remoting.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.remoting.InvokeCallback;
import dev.remoting.RemotingService;
import dev.remoting.annotation.CFNotNull;
import dev.remoting.NettyRequestProcessor;
import dev.remoting.ResponseFuture;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * What both interop directions share: request codes, the two twin header classes (ours and RocketMQ's, same field
 * names), processors that record what arrived and answer with a derived header and the same body, and the
 * assertions on both.
 *
 * <p>Every peer registers the same processors: {@link #ECHO} and {@link #CALLBACK} record and echo, {@link #HELLO}
 * remembers the caller's channel for server-to-client calls, {@link #THROWS} throws and {@link #BUSY} rejects.
 */
final class InteropFixture {

    static final int ECHO = 1001;
    static final int HELLO = 1002;
    static final int THROWS = 1003;
    static final int BUSY = 1004;
    static final int CALLBACK = 2001;
    static final int UNKNOWN = 9999;

    static final long TIMEOUT_MILLIS = 15_000;
    static final Duration WAIT = Duration.ofSeconds(15);
    static final String BOOM = "boom from the processor";

    /** Header values with non-ASCII text, JSON-escaped characters, a negative int and a long beyond int range. */
    static final String TEXT = "h\u00e9llo \"w\u00f6rld\" \\ \u2713 \u4e2d\u6587";
    static final int COUNT = -42;
    static final long STAMP = (1L << 40) + 7;
    static final boolean ENABLED = true;

    private InteropFixture() {
    }

    enum Mode {
        SYNC, ASYNC, ONEWAY
    }

    enum Body {
        EMPTY(0), ONE_BYTE(1), KIB_64(64 * 1024), MIB_4(4 * 1024 * 1024);

        private final int size;

        Body(int size) {
            this.size = size;
        }

        /** Deterministic pseudo-random content, different for every size. */
        byte[] bytes() {
            byte[] bytes = new byte[size];
            new Random(size).nextBytes(bytes);
            return bytes;
        }
    }

    /** The three refusals of RocketMQ's dispatch, with the response code and the remark each must carry. */
    enum Failure {
        UNKNOWN_CODE(UNKNOWN, RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED) {
            @Override
            void assertRemark(String remark) {
                assertThat(remark).isEqualTo(" request type " + UNKNOWN + " not supported");
            }
        },
        PROCESSOR_THROWS(THROWS, RemotingSysResponseCode.SYSTEM_ERROR) {
            @Override
            void assertRemark(String remark) {
                assertThat(remark).contains(BOOM);
            }
        },
        REJECTED(BUSY, RemotingSysResponseCode.SYSTEM_BUSY) {
            @Override
            void assertRemark(String remark) {
                assertThat(remark).isEqualTo("[REJECTREQUEST]system busy, start flow control for a while");
            }
        };

        final int requestCode;
        final int responseCode;

        Failure(int requestCode, int responseCode) {
            this.requestCode = requestCode;
            this.responseCode = responseCode;
        }

        abstract void assertRemark(String remark);
    }

    static Stream<Arguments> typeModeBody() {
        return Stream.of(SerializeType.values()).flatMap(type -> Stream.of(Mode.values())
                .flatMap(mode -> Stream.of(Body.values()).map(body -> Arguments.of(type, mode, body))));
    }

    static Stream<Arguments> typeMode() {
        return Stream.of(SerializeType.values())
                .flatMap(type -> Stream.of(Mode.values()).map(mode -> Arguments.of(type, mode)));
    }

    static Stream<Arguments> typeFailure() {
        return Stream.of(SerializeType.values())
                .flatMap(type -> Stream.of(Failure.values()).map(failure -> Arguments.of(type, failure)));
    }

    static org.apache.rocketmq.remoting.protocol.SerializeType theirs(SerializeType type) {
        return org.apache.rocketmq.remoting.protocol.SerializeType.valueOf(type.name());
    }

    static SerializeType ours(org.apache.rocketmq.remoting.protocol.SerializeType type) {
        return SerializeType.valueOf(type.name());
    }

    /** What a processor saw, in our terms, whichever side it ran on. */
    record Received(SerializeType type, boolean oneway, String text, int count, long stamp, boolean enabled,
            byte[] body) {
    }

    /** Waits for the next recorded request (oneway requests arrive some time after the send returned). */
    static Received awaitReceived(BlockingQueue<Received> received) {
        return await().atMost(WAIT).until(received::poll, Objects::nonNull);
    }

    static void assertArrived(Received received, SerializeType type, Mode mode, byte[] body) {
        assertThat(received.type()).as("request serialize type seen by the processor").isEqualTo(type);
        assertThat(received.oneway()).as("oneway flag").isEqualTo(mode == Mode.ONEWAY);
        assertThat(received.text()).isEqualTo(TEXT);
        assertThat(received.count()).isEqualTo(COUNT);
        assertThat(received.stamp()).isEqualTo(STAMP);
        assertThat(received.enabled()).isEqualTo(ENABLED);
        assertSameBytes(received.body(), body);
    }

    /** Compares without dumping megabytes on failure. A 0-byte body travels as no body and may decode as null. */
    static void assertSameBytes(byte[] actual, byte[] expected) {
        byte[] bytes = actual == null ? new byte[0] : actual;
        assertThat(bytes.length).as("body length").isEqualTo(expected.length);
        assertThat(Arrays.mismatch(bytes, expected)).as("index of the first differing body byte").isEqualTo(-1);
    }

    // ---------------------------------------------------------------------------------------------- our side

    /** Our header; {@link TheirHeader} has the same field names. Public: RocketMQ needs no such thing of ours. */
    public static final class OurHeader implements CommandCustomHeader {
        @CFNotNull
        private String text;
        private int count;
        private long stamp;
        private boolean enabled;

        public OurHeader() {
        }

        static OurHeader sample() {
            OurHeader header = new OurHeader();
            header.text = TEXT;
            header.count = COUNT;
            header.stamp = STAMP;
            header.enabled = ENABLED;
            return header;
        }

        @Override
        public void checkFields() {
        }
    }

    static RemotingCommand ourRequest(int code, SerializeType type, byte[] body) {
        RemotingCommand request = RemotingCommand.createRequestCommand(code, OurHeader.sample());
        request.setSerializeTypeCurrentRPC(type);
        request.setBody(body);
        return request;
    }

    static void registerOurProcessors(RemotingService service, BlockingQueue<Received> received,
            AtomicReference<Channel> helloChannel) {
        NettyRequestProcessor echo = (ctx, request) -> {
            OurHeader header = request.decodeCommandCustomHeader(OurHeader.class);
            received.add(new Received(request.getSerializeTypeCurrentRPC(), request.isOnewayRPC(), header.text,
                    header.count, header.stamp, header.enabled, request.getBody()));
            RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null,
                    OurHeader.class);
            OurHeader answer = (OurHeader) response.readCustomHeader();
            answer.text = header.text + "!";
            answer.count = header.count + 1;
            answer.stamp = header.stamp + 1;
            answer.enabled = !header.enabled;
            response.setBody(request.getBody());
            return response;
        };
        service.registerProcessor(ECHO, echo, null);
        service.registerProcessor(CALLBACK, echo, null);
        service.registerProcessor(HELLO, (ctx, request) -> {
            helloChannel.set(ctx.channel());
            return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
        }, null);
        service.registerProcessor(THROWS, (ctx, request) -> {
            throw new IllegalStateException(BOOM);
        }, null);
        service.registerProcessor(BUSY, new NettyRequestProcessor() {
            @Override
            public RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) {
                return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
            }

            @Override
            public boolean rejectRequest() {
                return true;
            }
        }, null);
    }

    /** A response from the other side's echo processor: success, the derived header, the same body. */
    static void assertOurResponse(RemotingCommand response, byte[] body) throws Exception {
        assertThat(response.getCode()).as("response code (remark: %s)", response.getRemark())
                .isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(response.isResponseType()).isTrue();
        OurHeader header = response.decodeCommandCustomHeader(OurHeader.class);
        assertThat(header.text).isEqualTo(TEXT + "!");
        assertThat(header.count).isEqualTo(COUNT + 1);
        assertThat(header.stamp).isEqualTo(STAMP + 1);
        assertThat(header.enabled).isEqualTo(!ENABLED);
        assertSameBytes(response.getBody(), body);
    }

    /** Something that sends an async request with our callback type. */
    interface OurAsyncCall {
        void invoke(InvokeCallback callback) throws Exception;
    }

    static RemotingCommand ourAsync(OurAsyncCall call) throws Exception {
        CompletableFuture<RemotingCommand> future = new CompletableFuture<>();
        call.invoke(new InvokeCallback() {
            @Override
            public void operationComplete(ResponseFuture responseFuture) {
            }

            @Override
            public void operationSucceed(RemotingCommand response) {
                future.complete(response);
            }

            @Override
            public void operationFail(Throwable throwable) {
                future.completeExceptionally(throwable);
            }
        });
        assertThat(future).succeedsWithin(WAIT);
        return future.join();
    }

    // ------------------------------------------------------------------------------------------ RocketMQ side

    /**
     * RocketMQ's twin of {@link OurHeader}. Public with a public constructor: RocketMQ instantiates it reflectively.
     */
    public static final class TheirHeader implements org.apache.rocketmq.remoting.CommandCustomHeader {
        @org.apache.rocketmq.remoting.annotation.CFNotNull
        private String text;
        private int count;
        private long stamp;
        private boolean enabled;

        public TheirHeader() {
        }

        static TheirHeader sample() {
            TheirHeader header = new TheirHeader();
            header.text = TEXT;
            header.count = COUNT;
            header.stamp = STAMP;
            header.enabled = ENABLED;
            return header;
        }

        @Override
        public void checkFields() {
        }
    }

    static org.apache.rocketmq.remoting.protocol.RemotingCommand theirRequest(int code, SerializeType type,
            byte[] body) {
        org.apache.rocketmq.remoting.protocol.RemotingCommand request =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(code,
                        TheirHeader.sample());
        request.setSerializeTypeCurrentRPC(theirs(type));
        request.setBody(body);
        return request;
    }

    /** RocketMQ's server and client both have this method, but no common interface declares it. */
    interface TheirRegistry {
        void registerProcessor(int code, org.apache.rocketmq.remoting.netty.NettyRequestProcessor processor,
                ExecutorService executor);
    }

    /** RocketMQ's processor interface has no default for {@code rejectRequest()}. */
    interface TheirHandler {
        org.apache.rocketmq.remoting.protocol.RemotingCommand handle(ChannelHandlerContext ctx,
                org.apache.rocketmq.remoting.protocol.RemotingCommand request) throws Exception;
    }

    static org.apache.rocketmq.remoting.netty.NettyRequestProcessor theirProcessor(boolean reject,
            TheirHandler handler) {
        return new org.apache.rocketmq.remoting.netty.NettyRequestProcessor() {
            @Override
            public org.apache.rocketmq.remoting.protocol.RemotingCommand processRequest(ChannelHandlerContext ctx,
                    org.apache.rocketmq.remoting.protocol.RemotingCommand request) throws Exception {
                return handler.handle(ctx, request);
            }

            @Override
            public boolean rejectRequest() {
                return reject;
            }
        };
    }

    static void registerTheirProcessors(TheirRegistry registry, BlockingQueue<Received> received,
            AtomicReference<Channel> helloChannel) {
        org.apache.rocketmq.remoting.netty.NettyRequestProcessor echo = theirProcessor(false, (ctx, request) -> {
            TheirHeader header = request.decodeCommandCustomHeader(TheirHeader.class);
            received.add(new Received(ours(request.getSerializeTypeCurrentRPC()), request.isOnewayRPC(),
                    header.text, header.count, header.stamp, header.enabled, request.getBody()));
            org.apache.rocketmq.remoting.protocol.RemotingCommand response =
                    org.apache.rocketmq.remoting.protocol.RemotingCommand.createResponseCommand(TheirHeader.class);
            TheirHeader answer = (TheirHeader) response.readCustomHeader();
            answer.text = header.text + "!";
            answer.count = header.count + 1;
            answer.stamp = header.stamp + 1;
            answer.enabled = !header.enabled;
            response.setCode(RemotingSysResponseCode.SUCCESS);
            response.setRemark(null);
            response.setBody(request.getBody());
            return response;
        });
        registry.registerProcessor(ECHO, echo, null);
        registry.registerProcessor(CALLBACK, echo, null);
        registry.registerProcessor(HELLO, theirProcessor(false, (ctx, request) -> {
            helloChannel.set(ctx.channel());
            return org.apache.rocketmq.remoting.protocol.RemotingCommand.createResponseCommand(
                    RemotingSysResponseCode.SUCCESS, null);
        }), null);
        registry.registerProcessor(THROWS, theirProcessor(false, (ctx, request) -> {
            throw new IllegalStateException(BOOM);
        }), null);
        registry.registerProcessor(BUSY, theirProcessor(true, (ctx, request) ->
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createResponseCommand(
                        RemotingSysResponseCode.SUCCESS, null)), null);
    }

    static void assertTheirResponse(org.apache.rocketmq.remoting.protocol.RemotingCommand response, byte[] body)
            throws Exception {
        assertThat(response.getCode()).as("response code (remark: %s)", response.getRemark())
                .isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(response.isResponseType()).isTrue();
        TheirHeader header = response.decodeCommandCustomHeader(TheirHeader.class);
        assertThat(header.text).isEqualTo(TEXT + "!");
        assertThat(header.count).isEqualTo(COUNT + 1);
        assertThat(header.stamp).isEqualTo(STAMP + 1);
        assertThat(header.enabled).isEqualTo(!ENABLED);
        assertSameBytes(response.getBody(), body);
    }

    /**
     * RocketMQ's client, stopping its event thread with an interrupt: the plain {@code shutdown()} joins a thread that
     * polls its queue every 3 s without interrupting it, which costs 3 s per test. Nothing else changes.
     */
    static final class QuickStopRocketMQClient extends org.apache.rocketmq.remoting.netty.NettyRemotingClient {

        QuickStopRocketMQClient(org.apache.rocketmq.remoting.netty.NettyClientConfig config) {
            super(config);
        }

        @Override
        public void shutdown() {
            ((org.apache.rocketmq.common.ServiceThread) nettyEventExecutor).shutdown(true);
            super.shutdown();
        }
    }

    /** Something that sends an async request with RocketMQ's callback type. */
    interface TheirAsyncCall {
        void invoke(org.apache.rocketmq.remoting.InvokeCallback callback) throws Exception;
    }

    static org.apache.rocketmq.remoting.protocol.RemotingCommand theirAsync(TheirAsyncCall call) throws Exception {
        CompletableFuture<org.apache.rocketmq.remoting.protocol.RemotingCommand> future = new CompletableFuture<>();
        Consumer<org.apache.rocketmq.remoting.netty.ResponseFuture> complete = responseFuture -> {
            if (responseFuture.getResponseCommand() != null) {
                future.complete(responseFuture.getResponseCommand());
            } else {
                future.completeExceptionally(responseFuture.getCause() != null ? responseFuture.getCause()
                        : new AssertionError("no response: " + responseFuture));
            }
        };
        call.invoke(new org.apache.rocketmq.remoting.InvokeCallback() {
            @Override
            public void operationComplete(org.apache.rocketmq.remoting.netty.ResponseFuture responseFuture) {
                complete.accept(responseFuture);
            }

            @Override
            public void operationFail(Throwable throwable) {
                future.completeExceptionally(throwable);
            }
        });
        assertThat(future).succeedsWithin(WAIT);
        return future.join();
    }
}
