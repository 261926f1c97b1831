package dev.remoting.netty;

import dev.remoting.NettyRequestProcessor;
import dev.remoting.RemotingClient;
import dev.remoting.client.RemotingClientProxyFactory;
import dev.remoting.exception.RemotingCommandException;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A loopback server for declarative clients, which records every request it gets and answers by code, and a started
 * client to call it through.
 */
final class DeclarativeFixture implements AutoCloseable {

    /** Answers SUCCESS with the request's extFields and body. */
    static final int ECHO = 10;
    /** Answers {@link #FAILURE_CODE} with {@link #FAILURE_REMARK}. */
    static final int FAIL = 11;
    /** Answers only when the fixture closes: calls to it time out. */
    static final int STALL = 12;
    /** Answers SUCCESS without a body. */
    static final int EMPTY = 13;
    /** Answers SUCCESS with a body that is not JSON. */
    static final int GARBAGE = 14;
    static final int FAILURE_CODE = 1234;
    static final String FAILURE_REMARK = "no route for topic";

    final LoopbackFixture loopback = new LoopbackFixture();
    final BlockingQueue<RemotingCommand> received = new LinkedBlockingQueue<>();
    final NettyRemotingServer server;
    final NettyRemotingClient client;
    private final CountDownLatch stalled = loopback.gate();

    DeclarativeFixture() {
        server = loopback.newServer(LoopbackFixture.serverConfig(), null);
        NettyRequestProcessor processor = (ctx, request) -> {
            received.add(request);
            return answer(request);
        };
        for (int code : new int[] {ECHO, FAIL, STALL, EMPTY, GARBAGE}) {
            server.registerProcessor(code, processor, null);
        }
        server.start();
        client = loopback.client();
    }

    String addr() {
        return LoopbackFixture.addr(server);
    }

    /** A factory whose calls go to this server unless a method says otherwise. */
    RemotingClientProxyFactory.Builder factory() {
        return factory(client).defaultAddress(addr());
    }

    static RemotingClientProxyFactory.Builder factory(RemotingClient client) {
        return RemotingClientProxyFactory.builder(client);
    }

    /** The next request the server got. */
    RemotingCommand nextReceived() throws InterruptedException {
        RemotingCommand request = received.poll(LoopbackFixture.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(request).as("a request reached the server").isNotNull();
        return request;
    }

    private RemotingCommand answer(RemotingCommand request) throws InterruptedException {
        RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
        switch (request.getCode()) {
            case ECHO -> {
                response.setExtFields(request.getExtFields());
                response.setBody(request.getBody());
            }
            case FAIL -> {
                response.setCode(FAILURE_CODE);
                response.setRemark(FAILURE_REMARK);
            }
            case STALL -> LoopbackFixture.pass(stalled);
            case GARBAGE -> response.setBody("<not json>".getBytes(StandardCharsets.UTF_8));
            default -> {
            }
        }
        return response;
    }

    @Override
    public void close() {
        loopback.close();
    }

    /** A header both ways: sent as extFields, echoed back, decoded from the response. */
    static final class EchoHeader implements CommandCustomHeader {
        String text;
        Integer number;

        EchoHeader() {
        }

        EchoHeader(String text, Integer number) {
            this.text = text;
            this.number = number;
        }

        @Override
        public void checkFields() throws RemotingCommandException {
        }
    }

    /** A typed body. */
    record Topic(String name, int queues) {
    }
}
