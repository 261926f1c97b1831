package dev.remoting.spring.boot.test;

import dev.remoting.annotation.Body;
import dev.remoting.annotation.RemotingExchange;
import dev.remoting.exception.RemotingException;

/** A declarative client for the mock server's tests; calls go to the client's name servers unless told otherwise. */
@RemotingExchange(timeoutMillis = 3000)
public interface OrdersApi {

    @RemotingExchange(code = 10)
    TopicHeader place(TopicHeader header, @Body Order order) throws RemotingException, InterruptedException;

    @RemotingExchange(code = 11)
    Order find(TopicHeader header) throws RemotingException, InterruptedException;

    @RemotingExchange(code = 11, timeoutMillis = 200)
    Order findQuickly(TopicHeader header) throws RemotingException, InterruptedException;

    @RemotingExchange(code = 30, oneway = true)
    void cancel(@Body Order order) throws RemotingException, InterruptedException;
}
