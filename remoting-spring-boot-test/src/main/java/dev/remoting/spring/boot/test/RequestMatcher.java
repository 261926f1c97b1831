package dev.remoting.spring.boot.test;

import dev.remoting.codec.BodyCodec;
import dev.remoting.protocol.RemotingCommand;

/**
 * Checks one request that reached a {@link MockRemotingServer}; the ready-made ones are in {@link RequestMatchers}.
 * As in Spring's {@code MockRestServiceServer}, a mismatch is an {@link AssertionError} whose message says what
 * differed, so that {@link MockRemotingServer#verify()} can report it.
 */
@FunctionalInterface
public interface RequestMatcher {

    /**
     * Checks the request.
     *
     * @param request the request as the server decoded it: code, {@code extFields}, body, flags
     * @param codec the mock server's codec, for typed bodies
     * @throws AssertionError when the request does not match
     */
    void match(RemotingCommand request, BodyCodec codec);
}
