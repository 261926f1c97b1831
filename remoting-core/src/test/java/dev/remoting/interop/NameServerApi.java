package dev.remoting.interop;

import dev.remoting.annotation.Body;
import dev.remoting.annotation.CFNotNull;
import dev.remoting.annotation.RemotingExchange;
import dev.remoting.protocol.CommandCustomHeader;
import java.util.List;
import java.util.Map;

/**
 * Four calls of RocketMQ's NameServer, declared with our own headers and bodies only: nothing of RocketMQ's crosses
 * to our side of the wire, so what the two sides agree on is the wire form alone. Header fields carry RocketMQ's
 * names (that is the protocol); body types keep only what the tests look at, because RocketMQ's JSON has more and
 * unknown properties are skipped.
 */
interface NameServerApi {

    int PUT_KV_CONFIG = 100;
    int GET_KV_CONFIG = 101;
    int REGISTER_BROKER = 103;
    int GET_ROUTEINFO_BY_TOPIC = 105;

    /** RocketMQ's {@code ResponseCode.TOPIC_NOT_EXIST}. */
    int TOPIC_NOT_EXIST = 17;
    /** RocketMQ's {@code ResponseCode.QUERY_NOT_FOUND}, the answer to a KV key nobody put. */
    int QUERY_NOT_FOUND = 22;

    /** The body goes uncompressed, so the NameServer decodes our JSON with its own (fastjson's) parser. */
    @RemotingExchange(code = REGISTER_BROKER)
    void registerBroker(RegisterBrokerHeader header, @Body RegisterBrokerBody body);

    @RemotingExchange(code = GET_ROUTEINFO_BY_TOPIC)
    TopicRoute getRouteInfo(GetRouteInfoHeader header);

    @RemotingExchange(code = PUT_KV_CONFIG)
    void putKvConfig(PutKvConfigHeader header);

    @RemotingExchange(code = GET_KV_CONFIG)
    KvConfigValue getKvConfig(GetKvConfigHeader header);

    // ------------------------------------------------------------------------------------------------- headers

    /** RocketMQ's {@code RegisterBrokerRequestHeader}, less the fields a 5.x broker leaves out. */
    final class RegisterBrokerHeader implements CommandCustomHeader {
        @CFNotNull
        private String brokerName;
        @CFNotNull
        private String brokerAddr;
        @CFNotNull
        private String clusterName;
        @CFNotNull
        private String haServerAddr;
        @CFNotNull
        private Long brokerId;
        // Present means a 5.x broker; absent would make the NameServer treat us as an older one.
        private Boolean enableActingMaster = Boolean.FALSE;
        private boolean compressed;
        private Integer bodyCrc32;

        RegisterBrokerHeader() {
        }

        RegisterBrokerHeader(String clusterName, String brokerName, String brokerAddr, long brokerId,
                int bodyCrc32) {
            this.clusterName = clusterName;
            this.brokerName = brokerName;
            this.brokerAddr = brokerAddr;
            this.haServerAddr = brokerAddr;
            this.brokerId = brokerId;
            this.bodyCrc32 = bodyCrc32;
        }

        @Override
        public void checkFields() {
        }
    }

    final class GetRouteInfoHeader implements CommandCustomHeader {
        @CFNotNull
        private String topic;

        GetRouteInfoHeader() {
        }

        GetRouteInfoHeader(String topic) {
            this.topic = topic;
        }

        @Override
        public void checkFields() {
        }
    }

    final class PutKvConfigHeader implements CommandCustomHeader {
        @CFNotNull
        private String namespace;
        @CFNotNull
        private String key;
        @CFNotNull
        private String value;

        PutKvConfigHeader() {
        }

        PutKvConfigHeader(String namespace, String key, String value) {
            this.namespace = namespace;
            this.key = key;
            this.value = value;
        }

        @Override
        public void checkFields() {
        }
    }

    final class GetKvConfigHeader implements CommandCustomHeader {
        @CFNotNull
        private String namespace;
        @CFNotNull
        private String key;

        GetKvConfigHeader() {
        }

        GetKvConfigHeader(String namespace, String key) {
            this.namespace = namespace;
            this.key = key;
        }

        @Override
        public void checkFields() {
        }
    }

    /** The response header of GET_KV_CONFIG. */
    final class KvConfigValue implements CommandCustomHeader {
        @CFNotNull
        private String value;

        KvConfigValue() {
        }

        String value() {
            return value;
        }

        @Override
        public void checkFields() {
        }
    }

    // -------------------------------------------------------------------------------------------------- bodies

    /** RocketMQ's {@code RegisterBrokerBody}: the broker's topics, and its filter servers (none here). */
    record RegisterBrokerBody(TopicConfigWrapper topicConfigSerializeWrapper, List<String> filterServerList) {
    }

    record TopicConfigWrapper(Map<String, TopicConfig> topicConfigTable, DataVersion dataVersion) {
    }

    record TopicConfig(String topicName, int readQueueNums, int writeQueueNums, int perm) {
    }

    record DataVersion(long timestamp, long counter, long stateVersion) {
    }

    /** RocketMQ's {@code TopicRouteData}. */
    record TopicRoute(List<QueueData> queueDatas, List<BrokerData> brokerDatas) {
    }

    record QueueData(String brokerName, int readQueueNums, int writeQueueNums, int perm) {
    }

    /** {@code brokerAddrs} maps broker ids (0 is the master) to addresses; fastjson writes those keys unquoted. */
    record BrokerData(String cluster, String brokerName, Map<Long, String> brokerAddrs) {
    }
}
