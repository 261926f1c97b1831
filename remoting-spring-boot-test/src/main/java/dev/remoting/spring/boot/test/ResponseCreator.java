package dev.remoting.spring.boot.test;

import dev.remoting.codec.BodyCodec;
import dev.remoting.protocol.RemotingCommand;

/**
 * Answers a request that matched an expectation of a {@link MockRemotingServer}; the ready-made ones are in
 * {@link ResponseCreators}. A creator that throws is answered as a handler that throws would be: a
 * {@link dev.remoting.exception.RemotingResponseException} with its code and remark, anything else with SYSTEM_ERROR;
 * {@link MockRemotingServer#verify()} reports the failure.
 */
@FunctionalInterface
public interface ResponseCreator {

    /**
     * Returns what to do with the request.
     *
     * @param request the matched request
     * @param codec the mock server's codec, for typed bodies
     */
    MockResponse createResponse(RemotingCommand request, BodyCodec codec) throws Exception;
}
