package dev.remoting.sample.broker;

import dev.remoting.NettyRequestProcessor;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.sample.broker.store.MessageStore;
import dev.remoting.sample.protocol.BrokerCodes;
import dev.remoting.sample.protocol.SendMessageRequestHeader;
import dev.remoting.sample.protocol.SendMessageResponseHeader;
import dev.remoting.spring.annotation.RequestCodeHandler;
import io.netty.channel.ChannelHandlerContext;
import org.springframework.stereotype.Component;

/**
 * SEND_MESSAGE: validates, appends the body to its queue's log, then acknowledges with the message id and offset.
 * A class-style handler: the bean is the processor.
 */
@Component
@RequestCodeHandler(code = BrokerCodes.SEND_MESSAGE, executor = "send")
public class SendMessageHandler implements NettyRequestProcessor {

    private final MessageStore store;
    private final LongPollingService longPolling;

    public SendMessageHandler(MessageStore store, LongPollingService longPolling) {
        this.store = store;
        this.longPolling = longPolling;
    }

    @Override
    public RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) throws Exception {
        SendMessageRequestHeader header = request.decodeCommandCustomHeader(SendMessageRequestHeader.class);
        String problem = validate(header, request.getBody());
        if (problem != null) {
            return RemotingCommand.createResponseCommand(BrokerCodes.MESSAGE_ILLEGAL, problem);
        }
        long offset = store.append(header.getTopic(), header.getQueueId(), request.getBody());
        longPolling.wakeUp(header.getTopic(), header.getQueueId());
        RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
        response.writeCustomHeader(new SendMessageResponseHeader(messageId(header, offset), header.getQueueId(),
                offset));
        return response;
    }

    private String validate(SendMessageRequestHeader header, byte[] body) {
        if (!MessageStore.TOPIC_NAME.matcher(header.getTopic()).matches()) {
            return "topic '" + header.getTopic() + "' is not a valid name ([A-Za-z0-9_-]{1,127})";
        }
        if (header.getQueueId() < 0 || header.getQueueId() >= store.queuesPerTopic()) {
            return "queueId " + header.getQueueId() + " is outside 0.." + (store.queuesPerTopic() - 1);
        }
        if (body == null || body.length == 0) {
            return "message body is empty";
        }
        if (body.length > store.maxMessageSize()) {
            return "message body of " + body.length + " bytes exceeds broker.max-message-size ("
                    + store.maxMessageSize() + " bytes)";
        }
        return null;
    }

    private static String messageId(SendMessageRequestHeader header, long offset) {
        return String.format("%08X%08X%016X", header.getTopic().hashCode(), header.getQueueId(), offset);
    }
}
