package dev.remoting.sample.broker;

import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.sample.broker.store.MessageStore;
import dev.remoting.sample.broker.store.QueueLog;
import dev.remoting.sample.broker.store.StoredMessage;
import dev.remoting.sample.protocol.BrokerCodes;
import dev.remoting.sample.protocol.PullBody;
import dev.remoting.sample.protocol.PullMessageRequestHeader;
import dev.remoting.sample.protocol.PullMessageResponseHeader;
import dev.remoting.sample.protocol.PulledMessage;
import java.util.List;

/**
 * Reads messages for a pull and builds the answer; shared by the first attempt and by long-polling wake-ups.
 */
public class PullService {

    private final MessageStore store;
    private final int maxPullBytes;

    public PullService(MessageStore store, int maxPullBytes) {
        this.store = store;
        this.maxPullBytes = maxPullBytes;
    }

    /** Whether a pull would find a message now. */
    boolean hasMessage(PullMessageRequestHeader header) {
        QueueLog queue = store.queue(header.getTopic(), header.getQueueId());
        return queue != null && queue.maxOffset() > header.getQueueOffset();
    }

    /** Returns SUCCESS with messages, PULL_NOT_FOUND, or an error response for a bad request. */
    public RemotingCommand pull(PullMessageRequestHeader header) {
        if (!store.hasTopic(header.getTopic())) {
            return RemotingCommand.createResponseCommand(BrokerCodes.TOPIC_NOT_EXIST,
                    "topic " + header.getTopic() + " does not exist");
        }
        QueueLog queue = store.queue(header.getTopic(), header.getQueueId());
        if (queue == null) {
            return RemotingCommand.createResponseCommand(BrokerCodes.MESSAGE_ILLEGAL, "queueId " + header.getQueueId()
                    + " is outside 0.." + (store.queuesPerTopic() - 1));
        }
        List<StoredMessage> messages = queue.read(header.getQueueOffset(), header.getMaxMsgNums(), maxPullBytes);
        long maxOffset = queue.maxOffset();
        RemotingCommand response;
        if (messages.isEmpty()) {
            response = RemotingCommand.createResponseCommand(BrokerCodes.PULL_NOT_FOUND,
                    "no message at offset " + header.getQueueOffset() + ", maxOffset " + maxOffset);
        } else {
            response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
            response.setBody(encode(messages));
        }
        long next = header.getQueueOffset() + messages.size();
        response.writeCustomHeader(new PullMessageResponseHeader(messages.isEmpty()
                ? Math.min(header.getQueueOffset(), maxOffset) : next, 0, maxOffset));
        return response;
    }

    /** The store keeps its own record type so that it does not depend on the wire format. */
    private static byte[] encode(List<StoredMessage> messages) {
        return PullBody.encode(messages.stream()
                .map(message -> new PulledMessage(message.queueOffset(), message.storeTimestamp(), message.body()))
                .toList());
    }
}
