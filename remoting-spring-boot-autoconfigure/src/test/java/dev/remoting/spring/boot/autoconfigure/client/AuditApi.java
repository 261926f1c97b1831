package dev.remoting.spring.boot.autoconfigure.client;

import dev.remoting.annotation.RemotingExchange;
import dev.remoting.protocol.RemotingCommand;

/** A second interface, for a second client. */
interface AuditApi {

    @RemotingExchange(code = EchoApi.SERIALIZATION)
    RemotingCommand serialization();
}
