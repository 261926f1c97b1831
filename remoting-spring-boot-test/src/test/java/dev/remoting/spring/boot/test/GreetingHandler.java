package dev.remoting.spring.boot.test;

import dev.remoting.annotation.Body;
import dev.remoting.spring.annotation.RequestCodeHandler;

/** Answers {@link GreetingApi#GREET} with a greeting of the name in the body. */
final class GreetingHandler {

    @RequestCodeHandler(code = GreetingApi.GREET)
    String greet(@Body String name) {
        return "hello " + name;
    }
}
