package dev.remoting.spring.boot.test;

import static dev.remoting.spring.boot.test.RequestMatchers.anyRequest;
import static dev.remoting.spring.boot.test.RequestMatchers.body;
import static dev.remoting.spring.boot.test.RequestMatchers.bodyEqualTo;
import static dev.remoting.spring.boot.test.RequestMatchers.header;
import static dev.remoting.spring.boot.test.RequestMatchers.oneway;
import static dev.remoting.spring.boot.test.RequestMatchers.requestCode;
import static dev.remoting.spring.boot.test.ResponseCreators.withSuccess;
import static dev.remoting.spring.boot.test.TestCalls.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What an expectation of the mock server matches: codes, header fields, typed headers, bodies, oneway requests. */
class MockRemotingServerMatchingTests {

    @RegisterExtension
    final MockServerAndClient mocks = new MockServerAndClient();

    private final MockRemotingServer server = mocks.server();

    @Test
    void aRequestWithTheExpectedCodeHeaderAndBodyIsAnsweredAndVerifies() throws Exception {
        server.expect(requestCode(10))
                .andExpect(header("topic", "orders"))
                .andExpect(header(TopicHeader.class, h -> h.getQueueId() == 3))
                .andExpect(body(Order.class, order -> order.quantity() == 2))
                .andRespond(withSuccess());

        RemotingCommand response = mocks.call(request(10, new TopicHeader("orders", 3), new Order("o-1", 2)));

        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        server.verify();
    }

    @Test
    void aHeaderFieldWithAnotherValueIsAMismatchNamingTheField() throws Exception {
        server.expect(requestCode(10)).andExpect(header("topic", "orders"));

        RemotingCommand response = mocks.call(request(10, new TopicHeader("payments", 0), null));

        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
        assertThat(response.getRemark()).contains("header field topic: expected \"orders\" but was \"payments\"");
        assertThatThrownBy(server::verify).isInstanceOf(AssertionError.class)
                .hasMessageContaining("unexpected request code 10");
    }

    @Test
    void aTypedHeaderThatDoesNotDecodeIsAMismatchSayingWhy() throws Exception {
        server.expect(requestCode(10)).andExpect(header(TopicHeader.class, h -> true));

        RemotingCommand response = mocks.call(request(10));

        assertThat(response.getRemark()).contains("header does not decode as TopicHeader").contains("topic");
    }

    @Test
    void rawBodiesAreMatchedByTheirBytes() throws Exception {
        server.expect(requestCode(11)).andExpect(body("ping"));
        server.expect(requestCode(11)).andExpect(body(new byte[] {1, 2, 3}));

        RemotingCommand text = mocks.call(request(11, null, "ping".getBytes(StandardCharsets.UTF_8)));
        RemotingCommand bytes = mocks.call(request(11, null, new byte[] {1, 2, 3}));

        assertThat(text.getCode()).isZero();
        assertThat(bytes.getCode()).isZero();
        server.verify();
    }

    @Test
    void aTypedBodyIsDecodedWithTheCodecAndComparedWithTheExpectedOne() throws Exception {
        server.expect(requestCode(12)).andExpect(bodyEqualTo(new Order("o-1", 2)));

        RemotingCommand wrong = mocks.call(request(12, null, new Order("o-1", 5)));

        assertThat(wrong.getRemark()).contains("body: expected Order[id=o-1, quantity=2] but was Order[id=o-1, "
                + "quantity=5]");
        assertThat(mocks.call(request(12, null, new Order("o-1", 2))).getCode())
                .isZero();
        assertThatThrownBy(server::verify).hasMessageContaining("1 problem after 2 requests");
    }

    @Test
    void aMissingBodyIsAMismatch() throws Exception {
        server.expect(requestCode(12)).andExpect(body(Order.class, order -> true));

        RemotingCommand response = mocks.call(request(12));

        assertThat(response.getRemark()).contains("body: expected a Order but there is none");
    }

    @Test
    void onewayRequestsAreMatchedAndNeverAnswered() throws Exception {
        server.expect(requestCode(30)).andExpect(oneway()).andExpect(body("fire"));

        RemotingCommand request = request(30, null, "fire".getBytes(StandardCharsets.UTF_8));
        request.markOnewayRPC();
        mocks.client().invokeOneway(server.address(), request, 3000);

        // The call returned when the request was written: wait for the server to have it.
        server.verify(Duration.ofSeconds(5));
    }

    @Test
    void aRequestAwaitingAnAnswerIsNotOneway() throws Exception {
        server.expect(anyRequest()).andExpect(oneway());

        RemotingCommand response = mocks.call(request(31));

        assertThat(response.getRemark()).contains("expected a oneway request");
    }
}
