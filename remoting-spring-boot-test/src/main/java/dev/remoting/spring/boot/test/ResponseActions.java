package dev.remoting.spring.boot.test;

/**
 * One expectation being declared on a {@link MockRemotingServer}: more matchers, then how to answer. An expectation
 * left without {@link #andRespond} answers SUCCESS with no header and no body.
 */
public interface ResponseActions {

    /** Adds a matcher; the request must pass all of them. */
    ResponseActions andExpect(RequestMatcher matcher);

    /** Sets how matched requests are answered (a oneway request is matched but never answered). */
    void andRespond(ResponseCreator creator);
}
