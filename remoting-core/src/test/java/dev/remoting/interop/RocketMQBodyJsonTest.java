package dev.remoting.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.codec.JacksonBodyCodec;
import dev.remoting.interop.NameServerApi.BrokerData;
import dev.remoting.interop.NameServerApi.QueueData;
import dev.remoting.interop.NameServerApi.TopicRoute;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.junit.jupiter.api.Test;

/**
 * Typed bodies against RocketMQ 5.3.1's own JSON ({@code RemotingSerializable}, fastjson), without a network: a
 * {@code TopicRouteData} as RocketMQ encodes it read into our records, and ours read by RocketMQ. The NameServer test
 * does the same over the wire; this one says which side broke when that fails.
 */
class RocketMQBodyJsonTest {

    private static final String MASTER = "192.0.2.1:10911";
    private static final String SLAVE = "192.0.2.2:10911";

    private final JacksonBodyCodec codec = new JacksonBodyCodec();

    @Test
    void ourCodecReadsTopicRouteDataAsRocketMQWritesIt() throws Exception {
        TopicRouteData theirs = new TopicRouteData();
        theirs.setBrokerDatas(new ArrayList<>(List.of(new org.apache.rocketmq.remoting.protocol.route.BrokerData(
                "DefaultCluster", "broker-a", new HashMap<>(Map.of(0L, MASTER, 1L, SLAVE))))));
        org.apache.rocketmq.remoting.protocol.route.QueueData queueData =
                new org.apache.rocketmq.remoting.protocol.route.QueueData();
        queueData.setBrokerName("broker-a");
        queueData.setReadQueueNums(8);
        queueData.setWriteQueueNums(4);
        queueData.setPerm(6);
        theirs.setQueueDatas(new ArrayList<>(List.of(queueData)));

        byte[] json = theirs.encode();

        assertThat(new String(json, StandardCharsets.UTF_8)).as("RocketMQ's form, unquoted keys included")
                .contains("\"brokerAddrs\":{0:\"" + MASTER + "\",1:\"" + SLAVE + "\"}");
        assertThat(codec.decode(json, TopicRoute.class)).isEqualTo(new TopicRoute(
                List.of(new QueueData("broker-a", 8, 4, 6)),
                List.of(new BrokerData("DefaultCluster", "broker-a", Map.of(0L, MASTER, 1L, SLAVE)))));
    }

    @Test
    void rocketMQReadsTopicRouteWeWrite() {
        TopicRoute ours = new TopicRoute(List.of(new QueueData("broker-a", 8, 4, 6)),
                List.of(new BrokerData("DefaultCluster", "broker-a", Map.of(0L, MASTER, 1L, SLAVE))));

        TopicRouteData theirs = RemotingSerializable.decode(codec.encode(ours), TopicRouteData.class);

        assertThat(theirs.getBrokerDatas()).singleElement().satisfies(broker -> {
            assertThat(broker.getCluster()).isEqualTo("DefaultCluster");
            assertThat(broker.getBrokerName()).isEqualTo("broker-a");
            assertThat(broker.getBrokerAddrs()).containsExactlyInAnyOrderEntriesOf(Map.of(0L, MASTER, 1L, SLAVE));
        });
        assertThat(theirs.getQueueDatas()).singleElement().satisfies(queue -> {
            assertThat(queue.getBrokerName()).isEqualTo("broker-a");
            assertThat(queue.getReadQueueNums()).isEqualTo(8);
            assertThat(queue.getWriteQueueNums()).isEqualTo(4);
            assertThat(queue.getPerm()).isEqualTo(6);
        });
    }
}
