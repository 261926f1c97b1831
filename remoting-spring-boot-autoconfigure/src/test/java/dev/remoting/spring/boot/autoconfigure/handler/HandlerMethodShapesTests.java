package dev.remoting.spring.boot.autoconfigure.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.annotation.Body;
import dev.remoting.codec.BodyCodec;
import dev.remoting.codec.JacksonBodyCodec;
import dev.remoting.exception.RemotingCommandException;
import dev.remoting.exception.RemotingResponseException;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.spring.annotation.RequestCodeHandler;
import dev.remoting.spring.boot.autoconfigure.RemotingAutoConfiguration;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Handler methods with typed bodies, futures and chosen error codes, called over loopback as a peer would: what goes
 * on the wire, and what the handler sees.
 */
class HandlerMethodShapesTests {

    private static final int ORDER = 50;
    private static final int TOTAL = 51;
    private static final int ORDER_LATER = 52;
    private static final int REFUSE = 53;
    private static final int NOTHING_LATER = 54;
    private static final int ECHO_BUFFER = 55;
    private static final int TOPIC_NOT_EXIST = 17;
    private static final BodyCodec JSON = new JacksonBodyCodec();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class))
            .withPropertyValues("remoting.server.port=0", "remoting.server.bind-address=127.0.0.1")
            .withUserConfiguration(Handlers.class);

    @Test
    void aTypedBodyParameterIsDecodedFromJsonAndATypedResultIsTheResponseBodyAsJson() {
        this.runner.run(context -> {
            RemotingCommand response = call(context, ORDER, "{\"item\":\"bolts\",\"quantity\":3}");

            assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
            assertThat(new String(response.getBody(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"item\":\"bolts\",\"quantity\":6}");
        });
    }

    /** ORDER gets no body, so its parameter is null and so is its result; NOTHING_LATER returns a future of Void. */
    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {ORDER, NOTHING_LATER})
    void anAbsentBodyIsNullAndANullResultOrAFutureOfVoidIsSuccessWithoutBody(int code) {
        this.runner.run(context -> {
            RemotingCommand response = call(context, code, null);

            assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
            assertThat(response.getBody()).isNull();
        });
    }

    @Test
    void aGenericListParameterIsDecodedIntoItsElementType() {
        this.runner.run(context -> {
            RemotingCommand response = call(context, TOTAL,
                    "[{\"item\":\"bolts\",\"quantity\":3},{\"item\":\"nuts\",\"quantity\":4}]");

            assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
            assertThat(response.getBody()).asString(StandardCharsets.UTF_8).isEqualTo("7");
        });
    }

    @Test
    void aFutureOfATypedResultIsAnsweredWithItsBodyWhenItCompletes() {
        this.runner.run(context -> {
            RemotingCommand response = call(context, ORDER_LATER, "{\"item\":\"nuts\",\"quantity\":2}");

            assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
            assertThat(JSON.decode(response.getBody(), Order.class)).isEqualTo(new Order("nuts", 4));
        });
    }

    @Test
    void aByteBufferBodyParameterAndResultGoAsTheyAre() {
        this.runner.run(context -> {
            RemotingCommand response = call(context, ECHO_BUFFER, "not JSON at all");

            assertThat(response.getBody()).asString(StandardCharsets.UTF_8).isEqualTo("JSON at all");
        });
    }

    @Test
    void aHandlerThrowingRemotingResponseExceptionIsAnsweredWithItsCodeAndRemark() {
        this.runner.run(context -> {
            RemotingCommand response = call(context, REFUSE, null);

            assertThat(response.getCode()).isEqualTo(TOPIC_NOT_EXIST);
            assertThat(response.getRemark()).isEqualTo("topic orders does not exist");
        });
    }

    @Test
    void aBodyThatIsNotJsonIsAnErrorResponseAndTheConnectionKeepsServing() {
        this.runner.run(context -> {
            RemotingCommand response = call(context, ORDER, "{\"item\":");

            assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
            assertThat(response.getRemark()).startsWith("body is not JSON of the expected shape")
                    .doesNotContain("dev.remoting");
            assertThat(call(context, ORDER, "{\"item\":\"bolts\",\"quantity\":1}").getCode())
                    .isEqualTo(RemotingSysResponseCode.SUCCESS);
            assertThat(context.getBean(NettyRemotingServer.class).getConnectionCount()).isEqualTo(1);
        });
    }

    @Test
    void aBodyCodecBeanOfTheApplicationReplacesTheDefaultAndIsTheOneHandlersUse() {
        this.runner.withBean("countingCodec", CountingCodec.class, CountingCodec::new).run(context -> {
            assertThat(context).hasSingleBean(BodyCodec.class);
            CountingCodec codec = context.getBean(CountingCodec.class);

            assertThat(call(context, ORDER, "{\"item\":\"bolts\",\"quantity\":1}").getCode())
                    .isEqualTo(RemotingSysResponseCode.SUCCESS);

            assertThat(codec.decoded).hasValue(1);
            assertThat(codec.encoded).hasValue(1);
        });
    }

    private static RemotingCommand call(AssertableApplicationContext context, int code, @Nullable String body)
            throws Exception {
        RemotingCommand request = RemotingCommand.createRequestCommand(code, null);
        if (body != null) {
            request.setBody(body.getBytes(StandardCharsets.UTF_8));
        }
        int port = context.getBean(NettyRemotingServer.class).localListenPort();
        return context.getBean(NettyRemotingClient.class).invokeSync("127.0.0.1:" + port, request, 3000);
    }

    record Order(String item, int quantity) {
    }

    static class OrderHandlers {

        @RequestCodeHandler(code = ORDER)
        @Nullable Order order(@Body @Nullable Order order) {
            return order == null ? null : new Order(order.item(), order.quantity() * 2);
        }

        @RequestCodeHandler(code = TOTAL)
        int total(@Body List<Order> orders) {
            // Only elements decoded as Order get here: a LinkedHashMap would fail the cast.
            return orders.stream().mapToInt(Order::quantity).sum();
        }

        @RequestCodeHandler(code = ORDER_LATER)
        CompletableFuture<Order> orderLater(@Body Order order) {
            return CompletableFuture.supplyAsync(() -> new Order(order.item(), order.quantity() * 2));
        }

        @RequestCodeHandler(code = NOTHING_LATER)
        CompletableFuture<Void> nothingLater() {
            return CompletableFuture.runAsync(() -> {
            });
        }

        @RequestCodeHandler(code = ECHO_BUFFER)
        ByteBuffer echoBuffer(@Body ByteBuffer body) {
            return body.position(4);
        }

        @RequestCodeHandler(code = REFUSE)
        void refuse() {
            throw new RemotingResponseException(TOPIC_NOT_EXIST, "topic orders does not exist");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Handlers {

        @Bean
        OrderHandlers orderHandlers() {
            return new OrderHandlers();
        }
    }

    /** The default codec, counting its work, as an application's own codec bean. */
    static class CountingCodec implements BodyCodec {

        final AtomicInteger encoded = new AtomicInteger();
        final AtomicInteger decoded = new AtomicInteger();

        @Override
        public byte[] encode(Object body) {
            this.encoded.incrementAndGet();
            return JSON.encode(body);
        }

        @Override
        public Object decode(byte[] body, Type type) throws RemotingCommandException {
            this.decoded.incrementAndGet();
            return JSON.decode(body, type);
        }
    }
}
