package dev.remoting.sample.client;

import dev.remoting.protocol.RemotingCommand;
import dev.remoting.sample.protocol.BrokerCodes;
import dev.remoting.sample.protocol.HeartbeatRequestHeader;
import dev.remoting.sample.protocol.PullMessageRequestHeader;
import dev.remoting.sample.protocol.SendMessageRequestHeader;
import java.util.Objects;

/**
 * Builds the run's requests to the broker. Message {@code seq} goes to queue {@code seq % queues}, so the queues
 * share the messages round-robin.
 */
final class RequestFactory {

    private final String topic;
    private final int queues;
    private final String producerGroup;
    private final String consumerGroup;
    private final int pullBatch;
    private final MessageBodies bodies;

    RequestFactory(DemoProperties properties, MessageBodies bodies) {
        Objects.requireNonNull(properties, "properties");
        this.topic = properties.getTopic();
        this.queues = properties.getQueues();
        this.producerGroup = properties.getProducerGroup();
        this.consumerGroup = properties.getConsumerGroup();
        this.pullBatch = properties.getPullBatch();
        this.bodies = Objects.requireNonNull(bodies, "bodies");
    }

    /** HEART_BEAT: joins the consumer group as {@code clientId}. */
    RemotingCommand heartbeat(String clientId) {
        return RemotingCommand.createRequestCommand(BrokerCodes.HEART_BEAT,
                new HeartbeatRequestHeader(clientId, consumerGroup));
    }

    /** GET_BROKER_RUNTIME_INFO, which carries no header. */
    RemotingCommand runtimeInfo() {
        return RemotingCommand.createRequestCommand(BrokerCodes.GET_BROKER_RUNTIME_INFO, null);
    }

    /** SEND_MESSAGE of message {@code seq}, stamped with the time it is built. */
    RemotingCommand send(int seq) {
        RemotingCommand request = RemotingCommand.createRequestCommand(BrokerCodes.SEND_MESSAGE,
                new SendMessageRequestHeader(topic, seq % queues, System.currentTimeMillis(), producerGroup));
        request.setBody(bodies.body(seq));
        return request;
    }

    /** PULL_MESSAGE of a batch from {@code offset}, held by the broker up to {@code suspendMillis} when empty. */
    RemotingCommand pull(int queue, long offset, long suspendMillis) {
        return RemotingCommand.createRequestCommand(BrokerCodes.PULL_MESSAGE,
                new PullMessageRequestHeader(consumerGroup, topic, queue, offset, pullBatch, suspendMillis));
    }
}
