package dev.remoting.sample.protocol;

import java.util.List;
import java.util.Map;

/**
 * GET_BROKER_RUNTIME_INFO (28) response body, as JSON: every topic's queues with their offsets, every consumer group's
 * client ids, and two counters.
 *
 * @param topics each topic's queues by queue id
 * @param consumerGroups each group's client ids, sorted
 * @param messagesStored messages in the store, all topics
 * @param heldPullRequests pull requests the broker holds until a message arrives (long polling)
 */
public record BrokerRuntimeInfo(Map<String, TopicQueues> topics, Map<String, List<String>> consumerGroups,
        long messagesStored, int heldPullRequests) {

    /** Returns the next offset of the topic's queue: 0 for a topic or queue the broker has not seen. */
    public long maxOffset(String topic, int queueId) {
        TopicQueues queues = topics.get(topic);
        QueueOffsets offsets = queues == null ? null : queues.queues().get(queueId);
        return offsets == null ? 0 : offsets.maxOffset();
    }

    /** One topic's queues by queue id. */
    public record TopicQueues(Map<Integer, QueueOffsets> queues) {
    }

    /** A queue's first offset and the offset its next message will get. */
    public record QueueOffsets(long minOffset, long maxOffset) {
    }
}
