package dev.remoting.spring.boot.autoconfigure.client.scan;

import dev.remoting.annotation.RemotingExchange;
import dev.remoting.protocol.RemotingCommand;

/** Found by scanning through a method of its own. */
public interface ScannedByMethod {

    @RemotingExchange(code = 2)
    RemotingCommand call();

    /** Nested interfaces are found too. */
    interface Nested {

        @RemotingExchange(code = 3)
        RemotingCommand call();
    }
}
