package dev.remoting.sample.protocol;

/**
 * The request and response codes of the sample broker's protocol (see {@code sample-broker-app/PROTOCOL.md}); the
 * numbers are RocketMQ's (its RequestCode and ResponseCode).
 */
public final class BrokerCodes {

    public static final int SEND_MESSAGE = 10;
    public static final int PULL_MESSAGE = 11;
    public static final int GET_BROKER_RUNTIME_INFO = 28;
    public static final int HEART_BEAT = 34;
    public static final int NOTIFY_CONSUMER_IDS_CHANGED = 40;

    public static final int MESSAGE_ILLEGAL = 13;
    public static final int TOPIC_NOT_EXIST = 17;
    public static final int PULL_NOT_FOUND = 19;

    private BrokerCodes() {
    }
}
