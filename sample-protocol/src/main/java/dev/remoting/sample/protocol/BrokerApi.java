package dev.remoting.sample.protocol;

import dev.remoting.annotation.Address;
import dev.remoting.annotation.Body;
import dev.remoting.annotation.RemotingExchange;
import dev.remoting.exception.RemotingException;
import java.util.concurrent.CompletableFuture;

/**
 * The sample broker's calls as a declarative client: a Spring application injects it
 * ({@code @ImportRemotingClients(types = BrokerApi.class)}); without Spring,
 * {@code RemotingClientProxyFactory.builder(client).build().createClient(BrokerApi.class)}. An answer with a code
 * other than SUCCESS raises {@link dev.remoting.exception.RemotingResponseException}.
 *
 * <p>PULL_MESSAGE is not here: its timeout depends on how long the broker may hold it (long polling), so the sample
 * client builds it by hand.
 */
public interface BrokerApi {

    /** SEND_MESSAGE: stores one message and returns where it went. */
    @RemotingExchange(code = BrokerCodes.SEND_MESSAGE)
    SendMessageResponseHeader send(@Address String broker, SendMessageRequestHeader header, @Body byte[] body)
            throws RemotingException, InterruptedException;

    /** SEND_MESSAGE without waiting: the future completes on the client's callback executor. */
    @RemotingExchange(code = BrokerCodes.SEND_MESSAGE)
    CompletableFuture<SendMessageResponseHeader> sendAsync(@Address String broker, SendMessageRequestHeader header,
            @Body byte[] body);

    /** SEND_MESSAGE oneway: no acknowledgement, so the sender learns what was stored from {@link #runtimeInfo}. */
    @RemotingExchange(code = BrokerCodes.SEND_MESSAGE, oneway = true)
    void sendOneway(@Address String broker, SendMessageRequestHeader header, @Body byte[] body)
            throws RemotingException, InterruptedException;

    /** HEART_BEAT: joins a consumer group; the broker then tells the group's members who is in it. */
    @RemotingExchange(code = BrokerCodes.HEART_BEAT)
    void heartbeat(@Address String broker, HeartbeatRequestHeader header)
            throws RemotingException, InterruptedException;

    /** GET_BROKER_RUNTIME_INFO: topics, queues, offsets and consumer groups. */
    @RemotingExchange(code = BrokerCodes.GET_BROKER_RUNTIME_INFO)
    BrokerRuntimeInfo runtimeInfo(@Address String broker) throws RemotingException, InterruptedException;
}
