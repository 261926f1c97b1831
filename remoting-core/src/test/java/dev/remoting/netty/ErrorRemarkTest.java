package dev.remoting.netty;

import static dev.remoting.netty.ServerClientFixture.addr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.internal.server.ErrorRemarks;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A processor's failure is answered with SYSTEM_ERROR whose remark tells the peer what went wrong in the words of
 * the code that threw, and nothing about the server's insides (class names, stack frames) unless that is enabled
 * (docs/protocol.md §7.5).
 */
@ExtendWith(ProvokedLogs.class)
class ErrorRemarkTest {

    private static final int THROWS_ILLEGAL_STATE = 11;
    private static final int THROWS_NPE = 12;
    private static final int THROWS_WRAPPED = 13;

    private final ServerClientFixture fixture = new ServerClientFixture();

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** Lives in a nested class so that its frames would name this package and class if they leaked. */
    static final class Warehouse {
        static RemotingCommand take(String item) {
            throw new IllegalStateException("the shelf for " + item + " is empty");
        }

        static RemotingCommand dereference(String item) {
            return RemotingCommand.createResponseCommand(item.length(), null);
        }

        static RemotingCommand read() {
            throw new RuntimeException(new UncheckedIOException(new IOException("disk full")));
        }
    }

    private RemotingCommand call(NettyServerConfig config, int code) throws Exception {
        NettyRemotingServer server = fixture.server(config, s -> {
            s.registerProcessor(THROWS_ILLEGAL_STATE, (ctx, request) -> Warehouse.take("bolts"), null);
            s.registerProcessor(THROWS_NPE, (ctx, request) -> Warehouse.dereference(null), null);
            s.registerProcessor(THROWS_WRAPPED, (ctx, request) -> Warehouse.read(), null);
        });
        RemotingCommand response = fixture.client().invokeSync(addr(server),
                RemotingCommand.createRequestCommand(code, null), 5000);
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
        return response;
    }

    private static void assertRevealsNothingInternal(String remark) {
        assertThat(remark).doesNotContain("Exception", "at ", "java.", "dev.remoting", "Warehouse", "$",
                "Cannot invoke");
    }

    @Test
    void byDefaultTheRemarkIsTheExceptionsOwnMessageOnly() throws Exception {
        String remark = call(ServerClientFixture.serverConfig(), THROWS_ILLEGAL_STATE).getRemark();

        assertThat(remark).isEqualTo("the shelf for bolts is empty");
        assertRevealsNothingInternal(remark);
    }

    @Test
    void byDefaultJvmWrittenMessagesAreNotPassedOn() throws Exception {
        String remark = call(ServerClientFixture.serverConfig(), THROWS_NPE).getRemark();

        assertThat(remark).isEqualTo(ErrorRemarks.INTERNAL_ERROR);
        assertRevealsNothingInternal(remark);
    }

    @Test
    void byDefaultAWrappedCauseGivesItsMessageNotItsClassName() throws Exception {
        String remark = call(ServerClientFixture.serverConfig(), THROWS_WRAPPED).getRemark();

        assertThat(remark).isEqualTo("disk full");
        assertRevealsNothingInternal(remark);
    }

    @Test
    void whenEnabledTheRemarkNamesTheExceptionAndItsTopFrameAsRocketMQDoes() throws Exception {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setExposeErrorDetails(true);

        String remark = call(config, THROWS_ILLEGAL_STATE).getRemark();

        assertThat(remark).startsWith("java.lang.IllegalStateException: the shelf for bolts is empty, ")
                .contains(Warehouse.class.getName() + ".take(ErrorRemarkTest.java:");
    }

    @Test
    void exposingDetailsIsOffByDefault() {
        assertThat(new NettyServerConfig().isExposeErrorDetails()).isFalse();
    }
}
