package dev.remoting.spring.boot.test;

import static dev.remoting.spring.boot.test.RequestMatchers.body;
import static dev.remoting.spring.boot.test.RequestMatchers.bodyEqualTo;
import static dev.remoting.spring.boot.test.RequestMatchers.header;
import static dev.remoting.spring.boot.test.RequestMatchers.oneway;
import static dev.remoting.spring.boot.test.RequestMatchers.requestCode;
import static dev.remoting.spring.boot.test.ResponseCreators.withCode;
import static dev.remoting.spring.boot.test.ResponseCreators.withSuccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remoting.client.RemotingClientProxyFactory;
import dev.remoting.exception.RemotingResponseException;
import dev.remoting.exception.RemotingTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A declarative client from {@link RemotingClientProxyFactory} against the mock server, without Spring. */
class MockRemotingServerDeclarativeClientTests {

    @RegisterExtension
    final MockServerAndClient mocks = new MockServerAndClient();

    private final MockRemotingServer server = mocks.server();
    private final OrdersApi orders = RemotingClientProxyFactory.builder(mocks.client())
            .defaultAddress(server.address()).build().createClient(OrdersApi.class);

    @Test
    void aTypedCallSendsItsHeaderAndBodyAndReadsTheAnswer() throws Exception {
        server.expect(requestCode(10)).andExpect(header("topic", "orders"))
                .andExpect(body(Order.class, order -> order.quantity() == 2))
                .andRespond(withSuccess().header(new TopicHeader("orders", 3)));
        server.expect(requestCode(11)).andExpect(header(TopicHeader.class, h -> h.getQueueId() == 3))
                .andRespond(withSuccess().body(new Order("o-1", 2)));

        TopicHeader placed = orders.place(new TopicHeader("orders", 0), new Order("o-1", 2));
        Order found = orders.find(new TopicHeader("orders", placed.getQueueId()));

        assertThat(found).isEqualTo(new Order("o-1", 2));
        server.verify();
    }

    @Test
    void anErrorCodeRaisesARemotingResponseException() {
        server.expect(requestCode(11)).andRespond(withCode(17, "topic not exist"));

        assertThatThrownBy(() -> orders.find(new TopicHeader("nowhere", 0)))
                .isInstanceOfSatisfying(RemotingResponseException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(17);
                    assertThat(e.getRemark()).isEqualTo("topic not exist");
                });
        server.verify();
    }

    @Test
    void anAnswerLaterThanTheMethodsTimeoutMakesItTimeOut() throws Exception {
        server.expect(requestCode(11)).andRespond(withSuccess().delay(Duration.ofSeconds(10)));

        assertThatThrownBy(() -> orders.findQuickly(new TopicHeader("orders", 0)))
                .isInstanceOf(RemotingTimeoutException.class);
        server.verify(Duration.ofSeconds(5));
    }

    @Test
    void aOnewayMethodIsMatched() throws Exception {
        server.expect(requestCode(30)).andExpect(oneway()).andExpect(bodyEqualTo(new Order("o-1", 0)));

        orders.cancel(new Order("o-1", 0));

        server.verify(Duration.ofSeconds(5));
    }
}
