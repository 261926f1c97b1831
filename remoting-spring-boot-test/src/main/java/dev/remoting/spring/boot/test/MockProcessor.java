package dev.remoting.spring.boot.test;

import dev.remoting.AsyncNettyRequestProcessor;
import dev.remoting.codec.BodyCodec;
import dev.remoting.exception.RemotingResponseException;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The mock server's only processor, for every request code: finds the expectation, asks its creator for the answer
 * and carries it out. Asynchronous, so that a delayed answer holds no thread and the server still counts the request
 * as in flight until it is answered.
 */
final class MockProcessor implements AsyncNettyRequestProcessor {

    private final ExpectationTable table;
    private final BodyCodec codec;

    MockProcessor(ExpectationTable table, BodyCodec codec) {
        this.table = Objects.requireNonNull(table, "table");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    @Override
    public CompletableFuture<@Nullable RemotingCommand> processRequestAsync(ChannelHandlerContext ctx,
            RemotingCommand request) throws Exception {
        Expectation expectation;
        try {
            expectation = table.take(request, codec);
        } catch (AssertionError unexpected) {
            // Answered with its code and remark, so that the client's failure says what the mock did not expect.
            throw new RemotingResponseException(RemotingSysResponseCode.SYSTEM_ERROR,
                    "MockRemotingServer: " + unexpected.getMessage());
        }
        MockResponse response;
        try {
            response = expectation.creator().createResponse(request, codec);
        } catch (RemotingResponseException chosen) {
            // An answer the test chose, as a handler may: not a problem.
            throw chosen;
        } catch (Exception | AssertionError e) {
            table.problem("the response creator of expectation " + expectation.describe() + " failed: " + e);
            throw e;
        }
        return carryOut(ctx.channel(), Objects.requireNonNull(response, "the response creator returned null"));
    }

    private static CompletableFuture<@Nullable RemotingCommand> carryOut(Channel channel, MockResponse response) {
        Duration delay = response.delay();
        if (delay.isZero()) {
            return CompletableFuture.completedFuture(act(channel, response));
        }
        CompletableFuture<@Nullable RemotingCommand> later = new CompletableFuture<>();
        // The channel's event loop keeps the time: no thread waits, and a server that stops cancels the answer.
        channel.eventLoop().schedule(() -> later.complete(act(channel, response)), delay.toNanos(),
                TimeUnit.NANOSECONDS);
        return later;
    }

    private static @Nullable RemotingCommand act(Channel channel, MockResponse response) {
        if (response.closesConnection()) {
            channel.close();
            return null;
        }
        return response.command();
    }
}
