package dev.remoting.sample.broker;

import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.sample.protocol.BrokerCodes;
import dev.remoting.sample.protocol.PullMessageRequestHeader;
import dev.remoting.spring.annotation.RequestCodeHandler;
import io.netty.channel.Channel;
import org.springframework.stereotype.Component;

/**
 * PULL_MESSAGE: answers at once when there are messages (or the request is bad); otherwise holds the request for up
 * to its suspend time and returns {@code null}, the "reply later" answer, or answers SYSTEM_BUSY when
 * {@code broker.max-held-pulls} are already held. A method-style handler.
 */
@Component
public class PullMessageHandler {

    private final PullService pullService;
    private final LongPollingService longPolling;

    public PullMessageHandler(PullService pullService, LongPollingService longPolling) {
        this.pullService = pullService;
        this.longPolling = longPolling;
    }

    @RequestCodeHandler(code = BrokerCodes.PULL_MESSAGE, executor = "pull")
    public RemotingCommand pull(PullMessageRequestHeader header, RemotingCommand request, Channel channel) {
        RemotingCommand response = pullService.pull(header);
        if (response.getCode() == BrokerCodes.PULL_NOT_FOUND && header.getSuspendTimeoutMillis() > 0) {
            if (longPolling.hold(channel, request, header)) {
                return null;
            }
            return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SYSTEM_BUSY,
                    "too many pulls held, pull again later");
        }
        return response;
    }
}
