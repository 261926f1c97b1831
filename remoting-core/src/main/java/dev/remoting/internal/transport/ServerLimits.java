package dev.remoting.internal.transport;

import io.netty.channel.Channel;
import java.util.Objects;

/**
 * What a server bounds on its connections: the bytes all of them together hold in frames being received and
 * requests not yet processed, and per connection the requests in flight and the bytes waiting to be sent.
 *
 * @param budget shared by all connections of the server
 * @param maxInFlight requests one connection may have received and not yet answered before reading from it pauses
 * @param maxPendingOutbound bytes waiting to be sent on one connection above which it is closed; 0 for no limit
 */
public record ServerLimits(InboundBudget budget, int maxInFlight, long maxPendingOutbound) {

    public ServerLimits {
        Objects.requireNonNull(budget, "budget");
    }

    InboundGate gate(Channel channel) {
        return new InboundGate(channel, budget, maxInFlight);
    }
}
