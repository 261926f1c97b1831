package dev.remoting.sample.client;

import dev.remoting.exception.RemotingException;
import dev.remoting.exception.RemotingResponseException;
import dev.remoting.sample.protocol.BrokerRuntimeInfo;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The calls around the messages: joining the consumer group, and reading the topic's queue offsets. */
final class BrokerCalls {

    private static final Logger log = LoggerFactory.getLogger(BrokerCalls.class);

    private static final long FIRST_RETRY_PAUSE_MILLIS = 100;
    private static final long MAX_RETRY_PAUSE_MILLIS = 2_000;

    private final BrokerEndpoint broker;
    private final String topic;
    private final int queues;
    private final String consumerGroup;
    private final Duration joinPatience;
    private final RequestFactory requests;

    BrokerCalls(BrokerEndpoint broker, DemoProperties properties, RequestFactory requests) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.topic = properties.getTopic();
        this.queues = properties.getQueues();
        this.consumerGroup = properties.getConsumerGroup();
        this.joinPatience = properties.getHealthTimeout();
        this.requests = Objects.requireNonNull(requests, "requests");
    }

    /**
     * Joins the consumer group with a heartbeat; the broker answers and tells the group's members (this one too) who
     * is in it.
     */
    void joinGroup(String clientId) throws DemoException, InterruptedException {
        // The first call also pays for connecting and for both JVMs' warm-up; on a loaded machine that can take
        // longer than one call timeout, so the first contact is retried until the health timeout.
        long deadline = System.nanoTime() + joinPatience.toNanos();
        long pauseMillis = FIRST_RETRY_PAUSE_MILLIS;
        while (true) {
            try {
                broker.api().heartbeat(broker.address(), requests.heartbeat(clientId));
                break;
            } catch (RemotingResponseException e) {
                throw new DemoException("the broker refused the heartbeat: " + e.getMessage(), e);
            } catch (RemotingException e) {
                if (System.nanoTime() > deadline) {
                    throw failed("HEART_BEAT", e);
                }
                log.warn("HEART_BEAT to the broker at {} failed: {}; trying again in {} ms", broker.address(),
                        e.getMessage(), pauseMillis);
                // A broker that refuses connections fails each try at once: without a pause this loop would spin.
                Thread.sleep(pauseMillis);
                pauseMillis = Math.min(pauseMillis * 2, MAX_RETRY_PAUSE_MILLIS);
            }
        }
        log.info("joined consumer group {} as {}", consumerGroup, clientId);
    }

    /** Returns the next offset of each of the topic's queues (0 for a topic the broker has not seen). */
    long[] queueOffsets() throws DemoException, InterruptedException {
        BrokerRuntimeInfo info;
        try {
            info = broker.api().runtimeInfo(broker.address());
        } catch (RemotingException | RemotingResponseException e) {
            throw failed("GET_BROKER_RUNTIME_INFO", e);
        }
        long[] offsets = new long[queues];
        for (int q = 0; q < queues; q++) {
            offsets[q] = info.maxOffset(topic, q);
        }
        return offsets;
    }

    private DemoException failed(String what, Exception e) {
        return new DemoException(what + " to the broker at " + broker.address() + " failed: " + e.getMessage(), e);
    }
}
