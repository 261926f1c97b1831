package dev.remoting.spring.boot.autoconfigure.client.scan;

import dev.remoting.annotation.RemotingExchange;
import dev.remoting.protocol.RemotingCommand;

/** Found by scanning through its type-level annotation, though its method is annotated too. */
@RemotingExchange(timeoutMillis = 1000)
public interface ScannedOnType {

    @RemotingExchange(code = 1)
    RemotingCommand call();
}
