package dev.remoting.sample.client;

import dev.remoting.protocol.RemotingCommand;
import dev.remoting.sample.protocol.BrokerCodes;
import dev.remoting.sample.protocol.HeartbeatRequestHeader;
import dev.remoting.sample.protocol.PullMessageRequestHeader;
import dev.remoting.sample.protocol.SendMessageRequestHeader;
import java.util.Objects;

/**
 * Builds the run's requests to the broker: the headers and bodies of the declared calls, and whole pull requests.
 * Message {@code seq} goes to queue {@code seq % queues}, so the queues share the messages round-robin.
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

    /** HEART_BEAT's header: joins the consumer group as {@code clientId}. */
    HeartbeatRequestHeader heartbeat(String clientId) {
        return new HeartbeatRequestHeader(clientId, consumerGroup);
    }

    /** SEND_MESSAGE's header for message {@code seq}, stamped with the time it is built. */
    SendMessageRequestHeader send(int seq) {
        return new SendMessageRequestHeader(topic, seq % queues, System.currentTimeMillis(), producerGroup);
    }

    /** The body of message {@code seq}. */
    byte[] body(int seq) {
        return bodies.body(seq);
    }

    /** PULL_MESSAGE of a batch from {@code offset}, held by the broker up to {@code suspendMillis} when empty. */
    RemotingCommand pull(int queue, long offset, long suspendMillis) {
        return RemotingCommand.createRequestCommand(BrokerCodes.PULL_MESSAGE,
                new PullMessageRequestHeader(consumerGroup, topic, queue, offset, pullBatch, suspendMillis));
    }
}
