package dev.remoting.sample.client;

import dev.remoting.exception.RemotingException;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The calls around the messages: joining the consumer group, and reading the topic's queue offsets. */
final class BrokerCalls {

    private static final Logger log = LoggerFactory.getLogger(BrokerCalls.class);

    private final BrokerEndpoint broker;
    private final String topic;
    private final int queues;
    private final String consumerGroup;
    private final Duration joinPatience;
    private final RequestFactory requests;
    private final JsonMapper json;

    BrokerCalls(BrokerEndpoint broker, DemoProperties properties, RequestFactory requests, JsonMapper json) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.topic = properties.getTopic();
        this.queues = properties.getQueues();
        this.consumerGroup = properties.getConsumerGroup();
        this.joinPatience = properties.getHealthTimeout();
        this.requests = Objects.requireNonNull(requests, "requests");
        this.json = Objects.requireNonNull(json, "json");
    }

    /**
     * Joins the consumer group with a heartbeat; the broker answers and tells the group's members (this one too) who
     * is in it.
     */
    void joinGroup(String clientId) throws DemoException, InterruptedException {
        // The first call also pays for connecting and for both JVMs' warm-up; on a loaded machine that can take
        // longer than one call timeout, so the first contact is retried until the health timeout.
        long deadline = System.nanoTime() + joinPatience.toNanos();
        RemotingCommand response;
        while (true) {
            try {
                response = call(requests.heartbeat(clientId), "HEART_BEAT");
                break;
            } catch (DemoException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                log.warn("{}; trying again", e.getMessage());
            }
        }
        if (response.getCode() != RemotingSysResponseCode.SUCCESS) {
            throw new DemoException("the broker refused the heartbeat: code " + response.getCode() + ", "
                    + response.getRemark());
        }
        log.info("joined consumer group {} as {}", consumerGroup, clientId);
    }

    /** Returns the next offset of each of the topic's queues (0 for a topic the broker has not seen). */
    long[] queueOffsets() throws DemoException, InterruptedException {
        JsonNode topicQueues = runtimeInfo().path("topics").path(topic).path("queues");
        long[] offsets = new long[queues];
        for (int q = 0; q < queues; q++) {
            offsets[q] = topicQueues.path(String.valueOf(q)).path("maxOffset").asLong(0);
        }
        return offsets;
    }

    private JsonNode runtimeInfo() throws DemoException, InterruptedException {
        RemotingCommand response = call(requests.runtimeInfo(), "GET_BROKER_RUNTIME_INFO");
        if (response.getCode() != RemotingSysResponseCode.SUCCESS || response.getBody() == null) {
            throw new DemoException("GET_BROKER_RUNTIME_INFO failed: code " + response.getCode() + ", "
                    + response.getRemark());
        }
        try {
            return json.readTree(response.getBody());
        } catch (JacksonException e) {
            throw new DemoException("GET_BROKER_RUNTIME_INFO returned a body that is not JSON", e);
        }
    }

    private RemotingCommand call(RemotingCommand request, String what) throws DemoException, InterruptedException {
        try {
            return broker.invokeSync(request);
        } catch (RemotingException e) {
            throw new DemoException(what + " to the broker at " + broker.address() + " failed: " + e.getMessage(), e);
        }
    }
}
