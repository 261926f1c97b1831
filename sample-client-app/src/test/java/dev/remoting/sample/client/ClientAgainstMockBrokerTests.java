package dev.remoting.sample.client;

import static dev.remoting.spring.boot.test.RequestMatchers.header;
import static dev.remoting.spring.boot.test.RequestMatchers.requestCode;
import static dev.remoting.spring.boot.test.ResponseCreators.withCode;
import static dev.remoting.spring.boot.test.ResponseCreators.withConnectionClosed;
import static dev.remoting.spring.boot.test.ResponseCreators.withSuccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remoting.client.RemotingClientProxyFactory;
import dev.remoting.netty.NettyClientConfig;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.sample.protocol.BrokerApi;
import dev.remoting.sample.protocol.BrokerCodes;
import dev.remoting.sample.protocol.SendMessageResponseHeader;
import dev.remoting.spring.boot.test.MockRemotingServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's handling of the broker's answers that a real broker rarely gives, against a mock broker that gives
 * them on demand: a refused send, a heartbeat that fails and one that is refused.
 */
class ClientAgainstMockBrokerTests {

    private MockRemotingServer broker;
    private NettyRemotingClient client;
    private DemoProperties properties;
    private BrokerEndpoint endpoint;
    private RequestFactory requests;

    @BeforeEach
    void start() {
        broker = MockRemotingServer.start();
        client = new NettyRemotingClient(new NettyClientConfig());
        client.start();
        properties = new DemoProperties();
        properties.setBrokerAddress(broker.address());
        properties.setTopic("orders");
        properties.setCount(2);
        properties.setQueues(2);
        properties.setCallTimeout(Duration.ofSeconds(3));
        properties.setHealthTimeout(Duration.ofSeconds(10));
        BrokerApi api = RemotingClientProxyFactory.builder(client).build().createClient(BrokerApi.class);
        endpoint = new BrokerEndpoint(api, client, properties);
        requests = new RequestFactory(properties, new MessageBodies(1L, 16));
    }

    @AfterEach
    void stop() {
        client.shutdown();
        broker.close();
    }

    @Test
    void aRefusedSendIsRecordedWithTheBrokersCodeAndRemark() throws Exception {
        broker.expect(requestCode(BrokerCodes.SEND_MESSAGE)).andExpect(header("queueId", "0"))
                .andRespond(withSuccess().header(new SendMessageResponseHeader("m-0", 0, 41)));
        broker.expect(requestCode(BrokerCodes.SEND_MESSAGE)).andExpect(header("queueId", "1"))
                .andRespond(withCode(BrokerCodes.MESSAGE_ILLEGAL, "queueId 1 is outside 0..0"));
        Problems problems = new Problems();
        SendLedger ledger = new SendLedger(2, 2, problems);

        new SyncSender(endpoint, properties, requests, ledger).sendAll();

        assertThat(ledger.sent()).isEqualTo(2);
        assertThat(ledger.acked()).isEqualTo(1);
        assertThat(ledger.ackedOffset(0)).isEqualTo(41);
        assertThat(problems.list()).containsExactly("message 1 was refused: code 13, queueId 1 is outside 0..0");
        broker.verify();
    }

    @Test
    void aHeartbeatThatFailsIsTriedAgainUntilTheBrokerAnswers() throws Exception {
        broker.expect(requestCode(BrokerCodes.HEART_BEAT)).andRespond(withConnectionClosed());
        broker.expect(requestCode(BrokerCodes.HEART_BEAT)).andExpect(header("clientID", "client-1"))
                .andExpect(header("consumerGroup", "demo-consumers")).andRespond(withSuccess());

        new BrokerCalls(endpoint, properties, requests).joinGroup("client-1");

        broker.verify();
    }

    @Test
    void aRefusedHeartbeatEndsTheRunWithoutRetrying() {
        broker.expect(requestCode(BrokerCodes.HEART_BEAT)).andRespond(withCode(BrokerCodes.TOPIC_NOT_EXIST, "no"));

        assertThatThrownBy(() -> new BrokerCalls(endpoint, properties, requests).joinGroup("client-1"))
                .isInstanceOf(DemoException.class).hasMessageContaining("the broker refused the heartbeat");
        // Exactly one heartbeat came: a second one would be reported as unexpected.
        broker.verify();
    }
}
