package dev.remoting.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.RPCHook;
import dev.remoting.auth.SignatureCheckRPCHook;
import dev.remoting.auth.SigningRPCHook;
import dev.remoting.netty.NettyClientConfig;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import dev.remoting.spring.annotation.RequestCodeHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code remoting.server.auth} and {@code remoting.client.auth}: both sides wired from properties talk over a real
 * loopback connection, the check and the signing hook land only on their own side, and unusable settings fail
 * start-up naming the property.
 */
class RemotingAuthTests {

    static final int GUARDED = 77;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class))
            .withUserConfiguration(GuardedHandler.class)
            .withPropertyValues("remoting.server.port=0", "remoting.server.bind-address=127.0.0.1",
                    "remoting.server.shutdown-grace-period=0s");

    @Configuration(proxyBeanMethods = false)
    static class GuardedHandler {

        final AtomicInteger handled = new AtomicInteger();

        @RequestCodeHandler(code = GUARDED)
        RemotingCommand guarded(byte[] body) {
            handled.incrementAndGet();
            RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
            response.setBody(body);
            return response;
        }
    }

    private static RemotingCommand request(SerializeType type, String body) {
        RemotingCommand request = RemotingCommand.createRequestCommand(GUARDED, null);
        request.setSerializeTypeCurrentRPC(type);
        request.setBody(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializeType.class)
    void bothSidesFromPropertiesTalkAndUnsignedCallersAreRefused(SerializeType type) {
        this.runner.withPropertyValues("remoting.server.auth.enabled=true",
                "remoting.server.auth.access-keys.orders-app=orders-secret",
                "remoting.server.auth.access-keys[RocketMQ]=12345678",
                "remoting.server.auth.max-clock-skew=2m",
                "remoting.client.auth.access-key=RocketMQ", "remoting.client.auth.secret-key=12345678")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    String addr = "127.0.0.1:" + context.getBean(NettyRemotingServer.class).localListenPort();
                    NettyRemotingClient client = context.getBean(NettyRemotingClient.class);
                    AtomicInteger handled = context.getBean(GuardedHandler.class).handled;

                    RemotingCommand signed = client.invokeSync(addr, request(type, "signed"), 5000);
                    assertThat(signed.getCode()).as(signed.getRemark()).isEqualTo(RemotingSysResponseCode.SUCCESS);
                    assertThat(new String(signed.getBody(), StandardCharsets.UTF_8)).isEqualTo("signed");
                    assertThat(handled).hasValue(1);

                    NettyRemotingClient unsigned = new NettyRemotingClient(new NettyClientConfig());
                    NettyRemotingClient otherKey = new NettyRemotingClient(new NettyClientConfig());
                    otherKey.registerRPCHook(new SigningRPCHook("orders-app", "orders-secret"));
                    NettyRemotingClient wrongSecret = new NettyRemotingClient(new NettyClientConfig());
                    wrongSecret.registerRPCHook(new SigningRPCHook("orders-app", "12345678"));
                    List<NettyRemotingClient> others = List.of(unsigned, otherKey, wrongSecret);
                    others.forEach(NettyRemotingClient::start);
                    try {
                        assertThat(unsigned.invokeSync(addr, request(type, "x"), 5000).getCode())
                                .isEqualTo(RemotingSysResponseCode.NO_PERMISSION);
                        assertThat(wrongSecret.invokeSync(addr, request(type, "x"), 5000).getCode())
                                .isEqualTo(RemotingSysResponseCode.NO_PERMISSION);
                        assertThat(handled).hasValue(1);
                        assertThat(otherKey.invokeSync(addr, request(type, "second key"), 5000).getCode())
                                .isEqualTo(RemotingSysResponseCode.SUCCESS);
                        assertThat(handled).hasValue(2);
                    } finally {
                        others.forEach(NettyRemotingClient::shutdown);
                    }
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserHook {

        @Bean
        RPCHook userHook() {
            return new RPCHook() {
                @Override
                public void doBeforeRequest(String remoteAddr, RemotingCommand request) {
                    request.addExtField("added-by-user-hook", "yes");
                }

                @Override
                public void doAfterResponse(String remoteAddr, RemotingCommand request, RemotingCommand response) {
                }
            };
        }
    }

    @Test
    void eachHookLandsOnItsOwnSideOnlyCheckFirstAndSigningLast() {
        this.runner.withUserConfiguration(UserHook.class)
                .withPropertyValues("remoting.server.auth.enabled=true",
                        "remoting.server.auth.access-keys.app=secret",
                        "remoting.client.auth.access-key=app", "remoting.client.auth.secret-key=secret")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    List<RPCHook> serverHooks = context.getBean(NettyRemotingServer.class).getRPCHooks();
                    List<RPCHook> clientHooks = context.getBean(NettyRemotingClient.class).getRPCHooks();
                    assertThat(serverHooks).hasSize(2).first().isInstanceOf(SignatureCheckRPCHook.class);
                    assertThat(serverHooks).noneMatch(SigningRPCHook.class::isInstance);
                    assertThat(clientHooks).hasSize(2).last().isInstanceOf(SigningRPCHook.class);
                    assertThat(clientHooks).noneMatch(SignatureCheckRPCHook.class::isInstance);

                    // The user hook's field is added before signing, so it is covered and the call gets through.
                    String addr = "127.0.0.1:" + context.getBean(NettyRemotingServer.class).localListenPort();
                    RemotingCommand response = context.getBean(NettyRemotingClient.class)
                            .invokeSync(addr, request(SerializeType.JSON, "x"), 5000);
                    assertThat(response.getCode()).as(response.getRemark())
                            .isEqualTo(RemotingSysResponseCode.SUCCESS);
                });
    }

    @Test
    void withoutAuthPropertiesNoHookIsAdded() {
        this.runner.withPropertyValues("remoting.server.auth.access-keys.app=secret").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(NettyRemotingServer.class).getRPCHooks()).isEmpty();
            assertThat(context.getBean(NettyRemotingClient.class).getRPCHooks()).isEmpty();
        });
    }

    @SuppressWarnings("checkstyle:linelength") // one case per line: property | the property the error names
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            remoting.server.auth.enabled=true                                              | remoting.server.auth.access-keys
            remoting.server.auth.enabled=true,remoting.server.auth.access-keys.app=        | remoting.server.auth.access-keys[app]
            remoting.server.auth.enabled=true,remoting.server.auth.access-keys.app=s,remoting.server.auth.max-clock-skew=0s | remoting.server.auth.max-clock-skew
            remoting.server.auth.enabled=true,remoting.server.auth.access-keys.app=s,remoting.server.auth.max-clock-skew=-1m | remoting.server.auth.max-clock-skew
            remoting.client.auth.access-key=app                                            | remoting.client.auth.secret-key
            remoting.client.auth.secret-key=top-secret-value                               | remoting.client.auth.access-key
            """)
    void unusableSettingsFailStartUpNamingTheProperty(String assignments, String property) {
        this.runner.withPropertyValues(assignments.split(",")).run(context -> {
            assertThat(context).hasFailed();
            String messages = messages(context.getStartupFailure());
            assertThat(messages).contains(property).doesNotContain("top-secret-value");
        });
    }

    /** Every message in the cause chain, one per line. */
    private static String messages(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(t.getMessage());
        }
        return String.join("\n", messages);
    }
}
