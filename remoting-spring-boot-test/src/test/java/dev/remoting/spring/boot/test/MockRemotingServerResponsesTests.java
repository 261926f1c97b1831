package dev.remoting.spring.boot.test;

import static dev.remoting.spring.boot.test.RequestMatchers.requestCode;
import static dev.remoting.spring.boot.test.ResponseCreators.withCode;
import static dev.remoting.spring.boot.test.ResponseCreators.withConnectionClosed;
import static dev.remoting.spring.boot.test.ResponseCreators.withNoResponse;
import static dev.remoting.spring.boot.test.ResponseCreators.withSuccess;
import static dev.remoting.spring.boot.test.ResponseCreators.withSystemError;
import static dev.remoting.spring.boot.test.TestCalls.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remoting.exception.RemotingResponseException;
import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the mock server answers: codes and remarks, headers, bodies, delays, silence, a closed connection. */
class MockRemotingServerResponsesTests {

    @RegisterExtension
    final MockServerAndClient mocks = new MockServerAndClient();

    private final MockRemotingServer server = mocks.server();

    @Test
    void aSuccessCarriesTheHeaderObjectSingleFieldsAndATypedBody() throws Exception {
        server.expect(requestCode(10)).andRespond(withSuccess().remark("stored")
                .header(new TopicHeader("orders", 3)).header("queueId", "4").body(new Order("o-1", 2)));

        RemotingCommand response = mocks.call(request(10));

        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(response.getRemark()).isEqualTo("stored");
        TopicHeader header = response.decodeCommandCustomHeader(TopicHeader.class);
        assertThat(header.getTopic()).isEqualTo("orders");
        assertThat(header.getQueueId()).as("the single field wins over the header object's").isEqualTo(4);
        assertThat(TestCalls.CODEC.decode(response.getBody(), Order.class)).isEqualTo(new Order("o-1", 2));
        server.verify();
    }

    @Test
    void aRawBodyIsSentAsItIs() throws Exception {
        server.expect(requestCode(11)).andRespond(withSuccess().body("pong".getBytes(StandardCharsets.UTF_8)));

        RemotingCommand response = mocks.call(request(11));

        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("pong");
    }

    @Test
    void anErrorCodeIsAnsweredWithItsRemark() throws Exception {
        server.expect(requestCode(10)).andRespond(withCode(17, "topic not exist"));
        server.expect(requestCode(10)).andRespond(withSystemError("disk full"));

        RemotingCommand refused = mocks.call(request(10));
        RemotingCommand failed = mocks.call(request(10));

        assertThat(refused.getCode()).isEqualTo(17);
        assertThat(refused.getRemark()).isEqualTo("topic not exist");
        assertThat(failed.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
        assertThat(failed.getRemark()).isEqualTo("disk full");
        server.verify();
    }

    @Test
    void aDelayLongerThanTheCallTimeoutMakesTheCallTimeOut() throws Exception {
        server.expect(requestCode(12)).andRespond(withSuccess().delay(Duration.ofSeconds(10)));

        assertThatThrownBy(() -> mocks.call(request(12), 200))
                .isInstanceOf(RemotingTimeoutException.class);
        // The client may give up before the request reaches the server, on a busy machine: wait for it.
        server.verify(Duration.ofSeconds(5));
    }

    @Test
    void aDelayShorterThanTheCallTimeoutStillAnswers() throws Exception {
        server.expect(requestCode(12)).andRespond(withSuccess().delay(Duration.ofMillis(100)));

        long start = System.nanoTime();
        RemotingCommand response = mocks.call(request(12), 5000);

        assertThat(response.getCode()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void noResponseMakesTheCallTimeOut() throws Exception {
        server.expect(requestCode(13)).andRespond(withNoResponse());

        assertThatThrownBy(() -> mocks.call(request(13), 200))
                .isInstanceOf(RemotingTimeoutException.class);
        // The client may give up before the request reaches the server, on a busy machine: wait for it.
        server.verify(Duration.ofSeconds(5));
    }

    @Test
    void aClosedConnectionFailsTheCallAtOnceAndTheNextCallConnectsAnew() throws Exception {
        server.expect(requestCode(14)).andRespond(withConnectionClosed());
        server.expect(requestCode(14)).andRespond(withSuccess());

        assertThatThrownBy(() -> mocks.call(request(14), 30_000))
                .isInstanceOf(RemotingSendRequestException.class);
        assertThat(mocks.call(request(14)).getCode()).isZero();
        server.verify();
    }

    @Test
    void aResponseCreatorThatThrowsIsAnsweredAsAFailingHandlerAndReported() throws Exception {
        server.expect(requestCode(15)).andRespond((request, codec) -> {
            throw new IllegalStateException("no answer prepared");
        });
        server.expect(requestCode(15)).andRespond((request, codec) -> {
            throw new RemotingResponseException(24, "chosen code");
        });

        RemotingCommand failed = mocks.call(request(15));
        RemotingCommand chosen = mocks.call(request(15));

        assertThat(failed.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
        assertThat(failed.getRemark()).contains("no answer prepared");
        assertThat(chosen.getCode()).isEqualTo(24);
        assertThatThrownBy(server::verify).hasMessageContaining("the response creator of expectation #1")
                .hasMessageContaining("no answer prepared");
    }

    @Test
    void aCustomResponseCreatorSeesTheRequest() throws Exception {
        server.expect(requestCode(16)).andRespond((request, codec) -> MockResponse.of(
                RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, "echo " + request.getCode())));

        assertThat(mocks.call(request(16)).getRemark()).isEqualTo("echo 16");
    }
}
