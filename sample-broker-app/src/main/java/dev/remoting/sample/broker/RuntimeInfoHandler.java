package dev.remoting.sample.broker;

import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.sample.broker.store.MessageStore;
import dev.remoting.sample.protocol.BrokerCodes;
import dev.remoting.spring.annotation.RequestCodeHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * GET_BROKER_RUNTIME_INFO: topics with their queues' offsets, consumer groups and their clients, as JSON.
 */
@Component
public class RuntimeInfoHandler {

    private final MessageStore store;
    private final ConsumerManager consumers;
    private final LongPollingService longPolling;
    private final JsonMapper json;

    public RuntimeInfoHandler(MessageStore store, ConsumerManager consumers, LongPollingService longPolling,
            JsonMapper json) {
        this.store = store;
        this.consumers = consumers;
        this.longPolling = longPolling;
        this.json = json;
    }

    @RequestCodeHandler(code = BrokerCodes.GET_BROKER_RUNTIME_INFO)
    public RemotingCommand runtimeInfo() throws Exception {
        Map<String, Object> topics = new LinkedHashMap<>();
        store.maxOffsets().forEach((topic, maxOffsets) -> {
            Map<String, Object> queues = new LinkedHashMap<>();
            for (int i = 0; i < maxOffsets.size(); i++) {
                queues.put(String.valueOf(i), Map.of("minOffset", 0L, "maxOffset", maxOffsets.get(i)));
            }
            topics.put(topic, Map.of("queues", queues));
        });
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("topics", topics);
        Map<String, List<String>> groups = consumers.groups();
        info.put("consumerGroups", groups);
        info.put("messagesStored", store.messageCount());
        info.put("heldPullRequests", longPolling.heldCount());
        RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
        response.setBody(json.writeValueAsBytes(info));
        return response;
    }
}
