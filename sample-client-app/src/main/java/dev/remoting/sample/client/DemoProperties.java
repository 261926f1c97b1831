package dev.remoting.sample.client;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the demo run: where the broker is, what to send and how.
 */
@ConfigurationProperties(prefix = "demo")
public class DemoProperties {

    /** How messages are sent. */
    public enum Mode {
        /** One call at a time, each waiting for its acknowledgement. */
        SYNC,
        /** Asynchronous calls with at most {@code window} of them waiting for their acknowledgement. */
        ASYNC,
        /** Fire and forget: no acknowledgements, so every sent message must be found on the broker. */
        ONEWAY
    }

    /**
     * Remoting address of the broker, as host:port.
     */
    private String brokerAddress = "127.0.0.1:10911";

    /**
     * Base URL of the broker's HTTP server, used to wait for its health and to show its actuator numbers.
     */
    private String brokerHttpUrl;

    /**
     * Number of messages to send.
     */
    private int count = 100_000;

    /**
     * Size of each message body, at least 16 bytes.
     */
    private DataSize messageSize = DataSize.ofBytes(128);

    /**
     * Topic to send to, by default a new one for every run so that its offsets start at 0.
     */
    private String topic = "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
            + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));

    /**
     * How messages are sent: SYNC, ASYNC or ONEWAY.
     */
    private Mode mode = Mode.ASYNC;

    /**
     * Maximum number of ASYNC sends awaiting their acknowledgement at once, and the batch after which ONEWAY checks
     * the broker's progress.
     */
    private int window = 256;

    /**
     * Number of queues the messages are spread over round-robin, at most the broker's queues per topic.
     */
    private int queues = 4;

    /**
     * Consumer group this client joins with its heartbeat.
     */
    private String consumerGroup = "demo-consumers";

    /**
     * Producer group named in every send.
     */
    private String producerGroup = "demo-producers";

    /**
     * Timeout of each call to the broker.
     */
    private Duration callTimeout = Duration.ofSeconds(5);

    /**
     * Most messages asked for by one pull.
     */
    private int pullBatch = 512;

    /**
     * Time the broker may hold a pull that finds no message, for long polling.
     */
    private Duration pollTimeout = Duration.ofSeconds(1);

    /**
     * Longest time to spend pulling the messages back before giving up on the missing ones.
     */
    private Duration receiveTimeout = Duration.ofSeconds(60);

    /**
     * Longest time to wait for the broker to be reachable: health UP (when its HTTP URL is set) and a first heartbeat
     * answered.
     */
    private Duration healthTimeout = Duration.ofSeconds(60);

    public String getBrokerAddress() {
        return brokerAddress;
    }

    public void setBrokerAddress(String brokerAddress) {
        this.brokerAddress = brokerAddress;
    }

    public String getBrokerHttpUrl() {
        return brokerHttpUrl;
    }

    public void setBrokerHttpUrl(String brokerHttpUrl) {
        this.brokerHttpUrl = brokerHttpUrl;
    }

    public int getCount() {
        return count;
    }

    public void setCount(int count) {
        this.count = count;
    }

    public DataSize getMessageSize() {
        return messageSize;
    }

    public void setMessageSize(DataSize messageSize) {
        this.messageSize = messageSize;
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public int getWindow() {
        return window;
    }

    public void setWindow(int window) {
        this.window = window;
    }

    public int getQueues() {
        return queues;
    }

    public void setQueues(int queues) {
        this.queues = queues;
    }

    public String getConsumerGroup() {
        return consumerGroup;
    }

    public void setConsumerGroup(String consumerGroup) {
        this.consumerGroup = consumerGroup;
    }

    public String getProducerGroup() {
        return producerGroup;
    }

    public void setProducerGroup(String producerGroup) {
        this.producerGroup = producerGroup;
    }

    public Duration getCallTimeout() {
        return callTimeout;
    }

    public void setCallTimeout(Duration callTimeout) {
        this.callTimeout = callTimeout;
    }

    public int getPullBatch() {
        return pullBatch;
    }

    public void setPullBatch(int pullBatch) {
        this.pullBatch = pullBatch;
    }

    public Duration getPollTimeout() {
        return pollTimeout;
    }

    public void setPollTimeout(Duration pollTimeout) {
        this.pollTimeout = pollTimeout;
    }

    public Duration getReceiveTimeout() {
        return receiveTimeout;
    }

    public void setReceiveTimeout(Duration receiveTimeout) {
        this.receiveTimeout = receiveTimeout;
    }

    public Duration getHealthTimeout() {
        return healthTimeout;
    }

    public void setHealthTimeout(Duration healthTimeout) {
        this.healthTimeout = healthTimeout;
    }

    /** Returns what is wrong with these settings, or {@code null} when they can be used. */
    String problem() {
        if (brokerAddress == null || !brokerAddress.matches("[^:\\s]+:\\d{1,5}")) {
            return "demo.broker-address must be host:port, not '" + brokerAddress + "'";
        }
        if (count < 1) {
            return "demo.count must be at least 1, not " + count;
        }
        if (messageSize == null || messageSize.toBytes() < MessageBodies.HEADER_SIZE
                || messageSize.toBytes() > 15L * 1024 * 1024) {
            return "demo.message-size must be between " + MessageBodies.HEADER_SIZE + "B and 15MB, not " + messageSize;
        }
        if (topic == null || !topic.matches("[A-Za-z0-9_-]{1,127}")) {
            return "demo.topic must match [A-Za-z0-9_-]{1,127}, not '" + topic + "'";
        }
        if (window < 1) {
            return "demo.window must be at least 1, not " + window;
        }
        if (queues < 1) {
            return "demo.queues must be at least 1, not " + queues;
        }
        if (pullBatch < 1) {
            return "demo.pull-batch must be at least 1, not " + pullBatch;
        }
        if (consumerGroup == null || consumerGroup.isBlank()) {
            return "demo.consumer-group must not be empty";
        }
        return null;
    }
}
