package dev.remoting.sample.broker;

import dev.remoting.sample.broker.store.MessageStore;
import dev.remoting.sample.protocol.BrokerCodes;
import dev.remoting.sample.protocol.BrokerRuntimeInfo;
import dev.remoting.sample.protocol.BrokerRuntimeInfo.QueueOffsets;
import dev.remoting.sample.protocol.BrokerRuntimeInfo.TopicQueues;
import dev.remoting.spring.annotation.RequestCodeHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * GET_BROKER_RUNTIME_INFO: topics with their queues' offsets, consumer groups and their clients, as JSON.
 */
@Component
public class RuntimeInfoHandler {

    private final MessageStore store;
    private final ConsumerManager consumers;
    private final LongPollingService longPolling;

    public RuntimeInfoHandler(MessageStore store, ConsumerManager consumers, LongPollingService longPolling) {
        this.store = store;
        this.consumers = consumers;
        this.longPolling = longPolling;
    }

    /** Answered as a JSON body by the remoting starter's body codec, like any typed handler result. */
    @RequestCodeHandler(code = BrokerCodes.GET_BROKER_RUNTIME_INFO)
    public BrokerRuntimeInfo runtimeInfo() {
        Map<String, TopicQueues> topics = new LinkedHashMap<>();
        store.maxOffsets().forEach((topic, maxOffsets) -> {
            Map<Integer, QueueOffsets> queues = new LinkedHashMap<>();
            for (int i = 0; i < maxOffsets.size(); i++) {
                queues.put(i, new QueueOffsets(0L, maxOffsets.get(i)));
            }
            topics.put(topic, new TopicQueues(queues));
        });
        return new BrokerRuntimeInfo(topics, consumers.groups(), store.messageCount(), longPolling.heldCount());
    }
}
