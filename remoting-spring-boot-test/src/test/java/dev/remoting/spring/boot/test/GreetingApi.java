package dev.remoting.spring.boot.test;

import dev.remoting.annotation.Body;
import dev.remoting.annotation.RemotingExchange;

/** The declarative client the tests call; {@link GreetingHandler} answers it. */
interface GreetingApi {

    int GREET = 200;

    @RemotingExchange(code = GREET)
    String greet(@Body String name);
}
