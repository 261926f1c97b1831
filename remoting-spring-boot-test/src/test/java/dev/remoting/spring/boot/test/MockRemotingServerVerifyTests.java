package dev.remoting.spring.boot.test;

import static dev.remoting.spring.boot.test.ExpectedCount.between;
import static dev.remoting.spring.boot.test.ExpectedCount.manyTimes;
import static dev.remoting.spring.boot.test.ExpectedCount.min;
import static dev.remoting.spring.boot.test.ExpectedCount.never;
import static dev.remoting.spring.boot.test.ExpectedCount.times;
import static dev.remoting.spring.boot.test.RequestMatchers.header;
import static dev.remoting.spring.boot.test.RequestMatchers.requestCode;
import static dev.remoting.spring.boot.test.ResponseCreators.withSuccess;
import static dev.remoting.spring.boot.test.TestCalls.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Order, counts, unexpected requests and what {@code verify()} reports. */
class MockRemotingServerVerifyTests {

    @RegisterExtension
    final MockServerAndClient mocks = new MockServerAndClient();

    @Test
    void verifyPassesWhenEveryExpectationGotItsRequests() throws Exception {
        try (MockRemotingServer server = MockRemotingServer.start()) {
            server.expect(requestCode(1));
            server.expect(times(2), requestCode(2)).andRespond(withSuccess().remark("two"));

            call(server, 1);
            call(server, 2);
            call(server, 2);

            server.verify();
        }
    }

    @Test
    void anUnmetExpectationMakesVerifyFailNamingItAndWhereItWasDeclared() {
        try (MockRemotingServer server = MockRemotingServer.start()) {
            server.expect(requestCode(105)).andExpect(header("topic", "orders"));

            assertThatThrownBy(server::verify).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("MockRemotingServer: 1 problem after 0 requests")
                    .hasMessageContaining("unmet expectation #1 [requestCode(105), header(topic=orders)] expected "
                            + "once, received 0")
                    .hasMessageContaining("MockRemotingServerVerifyTests.java:");
        }
    }

    @Test
    void verifyWithATimeoutWaitsForTheRequestsAndStillFailsWhenNoneComes() throws Exception {
        try (MockRemotingServer server = MockRemotingServer.start()) {
            server.expect(requestCode(3));

            assertThatThrownBy(() -> server.verify(Duration.ofMillis(100)))
                    .hasMessageContaining("unmet expectation #1 [requestCode(3)]");
        }
    }

    @Test
    void orderedExpectationsAnswerARequestOutOfOrderWithSystemErrorAndReportIt() throws Exception {
        try (MockRemotingServer server = MockRemotingServer.start()) {
            server.expect(requestCode(1));
            server.expect(requestCode(2));

            RemotingCommand early = call(server, 2);

            assertThat(early.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
            assertThat(early.getRemark()).startsWith("MockRemotingServer: unexpected request code 2")
                    .contains("expected #1 [requestCode(1)]");
            assertThatThrownBy(server::verify).hasMessageContaining("unmet expectation #1")
                    .hasMessageContaining("unmet expectation #2").hasMessageContaining("unexpected request code 2");
        }
    }

    @Test
    void orderedExpectationsMoveOnPastOnesThatHadEnough() throws Exception {
        try (MockRemotingServer server = MockRemotingServer.start()) {
            server.expect(between(1, 3), requestCode(1));
            server.expect(requestCode(2));
            server.expect(requestCode(1)).andRespond(withSuccess().remark("after two"));

            call(server, 1);
            call(server, 2);

            assertThat(call(server, 1).getRemark()).as("code 1 again goes to #3, #1 is behind").isEqualTo("after two");
            server.verify();
        }
    }

    @Test
    void unorderedExpectationsTakeRequestsInAnyOrder() throws Exception {
        try (MockRemotingServer server = MockRemotingServer.builder().ignoreExpectOrder(true).start()) {
            server.expect(requestCode(1));
            server.expect(requestCode(2));

            assertThat(call(server, 2).getCode()).isZero();
            assertThat(call(server, 1).getCode()).isZero();
            server.verify();
        }
    }

    @Test
    void oneRequestMoreThanTheCountIsUnexpected() throws Exception {
        try (MockRemotingServer server = MockRemotingServer.start()) {
            server.expect(times(2), requestCode(10));

            call(server, 10);
            call(server, 10);
            RemotingCommand third = call(server, 10);

            assertThat(third.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
            assertThat(third.getRemark()).contains("no further requests were expected")
                    .contains("it matches #1 [requestCode(10)] expected 2 times, received 2");
            assertThatThrownBy(server::verify).hasMessageContaining("1 problem after 3 requests");
        }
    }

    @Test
    void fewerRequestsThanTheCountFailVerify() throws Exception {
        try (MockRemotingServer server = MockRemotingServer.start()) {
            server.expect(min(2), requestCode(10));

            call(server, 10);

            assertThatThrownBy(server::verify)
                    .hasMessageContaining("#1 [requestCode(10)] expected at least 2 times, received 1");
        }
    }

    @Test
    void manyTimesTakesAnyNumberNoneIncluded() throws Exception {
        try (MockRemotingServer server = MockRemotingServer.builder().ignoreExpectOrder(true).start()) {
            server.expect(manyTimes(), requestCode(34));
            server.expect(manyTimes(), requestCode(28));

            for (int i = 0; i < 3; i++) {
                call(server, 34);
            }

            server.verify();
        }
    }

    @Test
    void neverReportsTheRequestItForbids() throws Exception {
        try (MockRemotingServer server = MockRemotingServer.start()) {
            server.expect(never(), requestCode(99));
            server.verify();

            assertThat(call(server, 99).getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);

            assertThatThrownBy(server::verify).hasMessageContaining("unexpected request code 99")
                    .hasMessageContaining("it matches #1 [requestCode(99)] expected 0 times, received 0");
        }
    }

    @Test
    void aRequestWithoutExpectationsIsAnsweredWithSystemErrorAndReported() throws Exception {
        try (MockRemotingServer server = MockRemotingServer.start()) {
            RemotingCommand response = call(server, 10);

            assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
            assertThat(response.getRemark()).isEqualTo("MockRemotingServer: unexpected request code 10 header {} "
                    + "body 0 bytes: no further requests were expected");
            assertThatThrownBy(server::verify).hasMessageContaining("unexpected request code 10");
        }
    }

    @Test
    void resetForgetsExpectationsAndRequests() throws Exception {
        try (MockRemotingServer server = MockRemotingServer.start()) {
            server.expect(requestCode(1));
            call(server, 2);

            server.reset();
            server.verify();

            server.expect(requestCode(2));
            call(server, 2);
            server.verify();
        }
    }

    private RemotingCommand call(MockRemotingServer server, int code) throws Exception {
        return mocks.client().invokeSync(server.address(), request(code), 3000);
    }
}
