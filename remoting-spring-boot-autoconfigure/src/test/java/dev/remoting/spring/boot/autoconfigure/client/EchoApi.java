package dev.remoting.spring.boot.autoconfigure.client;

import dev.remoting.annotation.Body;
import dev.remoting.annotation.RemotingExchange;
import dev.remoting.exception.RemotingException;
import dev.remoting.protocol.RemotingCommand;

/** What the tests call; {@link DeclarativeClientsTests.Handlers} answers. */
interface EchoApi {

    int ECHO = 120;

    int SERIALIZATION = 121;

    int SLOW = 122;

    /** Returns the text, sent as a typed body and answered with the same bytes. */
    @RemotingExchange(code = ECHO)
    String echo(@Body String text);

    /** Answers with the header serialization the calling client chose, in the remark. */
    @RemotingExchange(code = SERIALIZATION)
    RemotingCommand serialization();

    /** Answers only when the test lets it: a call that times out. */
    @RemotingExchange(code = SLOW)
    RemotingCommand slow() throws RemotingException;
}
