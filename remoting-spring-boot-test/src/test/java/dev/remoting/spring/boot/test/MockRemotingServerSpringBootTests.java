package dev.remoting.spring.boot.test;

import static dev.remoting.spring.boot.test.RequestMatchers.bodyEqualTo;
import static dev.remoting.spring.boot.test.RequestMatchers.header;
import static dev.remoting.spring.boot.test.RequestMatchers.requestCode;
import static dev.remoting.spring.boot.test.ResponseCreators.withCode;
import static dev.remoting.spring.boot.test.ResponseCreators.withSuccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remoting.exception.RemotingResponseException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.spring.annotation.ImportRemotingClients;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An application's declarative client bean ({@code @ImportRemotingClients}) against the mock server, which the
 * application's client finds as its name server.
 */
@SpringBootTest(classes = MockRemotingServerSpringBootTests.ClientApp.class,
        properties = "remoting.server.enabled=false")
class MockRemotingServerSpringBootTests {

    static final MockRemotingServer server = MockRemotingServer.start();

    @Autowired
    private OrdersApi orders;

    @DynamicPropertySource
    static void remotingProperties(DynamicPropertyRegistry registry) {
        registry.add("remoting.client.name-servers", server::address);
    }

    @AfterEach
    void verifyAndReset() {
        try {
            server.verify();
        } finally {
            server.reset();
        }
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void theInjectedClientCallsTheMockServer() throws Exception {
        server.expect(requestCode(10)).andExpect(header("topic", "orders"))
                .andExpect(bodyEqualTo(new Order("o-1", 2)))
                .andRespond(withSuccess().header(new TopicHeader("orders", 1)));

        TopicHeader placed = orders.place(new TopicHeader("orders", 0), new Order("o-1", 2));

        assertThat(placed.getQueueId()).isEqualTo(1);
    }

    @Test
    void anErrorAnswerReachesTheApplicationAsAnException() {
        server.expect(requestCode(11)).andRespond(withCode(17, "topic not exist"));

        assertThatThrownBy(() -> orders.find(new TopicHeader("nowhere", 0)))
                .isInstanceOf(RemotingResponseException.class).hasMessageContaining("topic not exist");
    }

    @Test
    void aSlowAnswerMakesTheInjectedClientTimeOut() throws Exception {
        server.expect(requestCode(11)).andRespond(withSuccess().delay(Duration.ofSeconds(10)));

        assertThatThrownBy(() -> orders.findQuickly(new TopicHeader("orders", 0)))
                .isInstanceOf(RemotingTimeoutException.class);
        // The client gives up after its timeout, which may be before the request reached the server: wait for it.
        server.verify(Duration.ofSeconds(5));
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @ImportRemotingClients(types = OrdersApi.class)
    static class ClientApp {
    }
}
