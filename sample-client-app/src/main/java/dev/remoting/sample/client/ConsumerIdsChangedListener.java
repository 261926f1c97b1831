package dev.remoting.sample.client;

import dev.remoting.sample.protocol.BrokerCodes;
import dev.remoting.sample.protocol.NotifyConsumerIdsChangedHeader;
import dev.remoting.spring.annotation.RequestCodeHandler.Side;
import dev.remoting.spring.annotation.RequestCodeHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Handles NOTIFY_CONSUMER_IDS_CHANGED, which the broker sends (oneway, over this client's own connection) whenever a
 * member joins or leaves a consumer group of this client: a client-side handler ({@code side = CLIENT}).
 */
@Component
public class ConsumerIdsChangedListener {

    private static final Logger log = LoggerFactory.getLogger(ConsumerIdsChangedListener.class);
    private static final TypeReference<List<String>> IDS = new TypeReference<>() {
    };

    /** One notification: the group and its members at that moment. */
    public record Notification(String consumerGroup, List<String> clientIds) {
    }

    private final JsonMapper json;
    private final List<Notification> notifications = new CopyOnWriteArrayList<>();

    public ConsumerIdsChangedListener(JsonMapper json) {
        this.json = json;
    }

    @RequestCodeHandler(code = BrokerCodes.NOTIFY_CONSUMER_IDS_CHANGED, side = Side.CLIENT)
    public void consumerIdsChanged(NotifyConsumerIdsChangedHeader header, byte[] body) {
        List<String> ids = body == null || body.length == 0 ? List.of() : json.readValue(body, IDS);
        notifications.add(new Notification(header.getConsumerGroup(), List.copyOf(ids)));
        log.info("consumer group {} changed: {} member(s) {}", header.getConsumerGroup(), ids.size(), ids);
    }

    /** Returns the notifications received so far, oldest first. */
    public List<Notification> notifications() {
        return List.copyOf(notifications);
    }
}
