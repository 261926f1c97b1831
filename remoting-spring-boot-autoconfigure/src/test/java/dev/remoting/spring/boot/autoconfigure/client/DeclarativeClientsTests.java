package dev.remoting.spring.boot.autoconfigure.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.remoting.codec.BodyCodec;
import dev.remoting.codec.JacksonBodyCodec;
import dev.remoting.exception.RemotingCommandException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.spring.annotation.ImportRemotingClients;
import dev.remoting.spring.annotation.RequestCodeHandler;
import dev.remoting.spring.boot.autoconfigure.RemotingAutoConfiguration;
import java.lang.reflect.Type;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Declarative clients of {@link ImportRemotingClients} calling a server over loopback: the server runs in a context
 * of its own, on a free port that the calling context's name servers then point at.
 */
class DeclarativeClientsTests {

    private final ApplicationContextRunner server = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class))
            .withUserConfiguration(Handlers.class)
            .withPropertyValues("remoting.server.port=0", "remoting.server.bind-address=127.0.0.1",
                    "remoting.server.shutdown-grace-period=0s", "remoting.client.enabled=false");

    private final ApplicationContextRunner caller = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class))
            .withPropertyValues("remoting.server.enabled=false");

    @Configuration(proxyBeanMethods = false)
    static class Handlers {

        /** Lets the slow handler answer; counted down by the test once its call has failed. */
        final CountDownLatch release = new CountDownLatch(1);

        @RequestCodeHandler(code = EchoApi.ECHO)
        RemotingCommand echo(RemotingCommand request) {
            RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
            response.setBody(request.getBody());
            return response;
        }

        @RequestCodeHandler(code = EchoApi.SERIALIZATION)
        RemotingCommand serialization(RemotingCommand request) {
            return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS,
                    request.getSerializeTypeCurrentRPC().name());
        }

        @RequestCodeHandler(code = EchoApi.SLOW)
        RemotingCommand slow() throws InterruptedException {
            this.release.await(10, TimeUnit.SECONDS);
            return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, "late");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportRemotingClients(EchoApi.class)
    @Import(Greeter.class)
    static class DefaultClientApis {
    }

    @Configuration(proxyBeanMethods = false)
    @ImportRemotingClients(EchoApi.class)
    @ImportRemotingClients(types = AuditApi.class, client = "audit")
    static class TwoClientApis {
    }

    /** An application bean that takes the declarative client by type, as any other bean. */
    static class Greeter {

        private final EchoApi echo;

        Greeter(EchoApi echo) {
            this.echo = echo;
        }

        String greet(String name) {
            return this.echo.echo("hello " + name);
        }
    }

    @Test
    void aDeclarativeClientIsInjectedIntoABeanAndCallsTheServerThroughTheDefaultClient() {
        withServer(address -> this.caller.withUserConfiguration(DefaultClientApis.class)
                .withPropertyValues("remoting.client.name-servers=" + address).run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(EchoApi.class).hasBean("echoApi");
                    assertThat(context.getBean(Greeter.class).greet("remoting")).isEqualTo("hello remoting");
                }));
    }

    @Test
    void eachInterfaceCallsThroughTheClientItIsBoundTo() {
        withServer(address -> this.caller.withUserConfiguration(TwoClientApis.class)
                .withPropertyValues("remoting.client.name-servers=" + address,
                        "remoting.client.serialize-type=json",
                        "remoting.clients.audit.name-servers=" + address,
                        "remoting.clients.audit.serialize-type=rocketmq").run(context -> {
                            assertThat(context).hasNotFailed();
                            assertThat(context.getBean(EchoApi.class).serialization().getRemark()).isEqualTo("JSON");
                            assertThat(context.getBean(AuditApi.class).serialization().getRemark())
                                    .isEqualTo("ROCKETMQ");
                        }));
    }

    @Test
    void theClientsDefaultTimeoutAppliesToCallsWhoseAnnotationsNameNone() {
        assertSlowCallWaitsAtMost(300, DefaultClientApis.class, address -> new String[] {
            "remoting.client.name-servers=" + address, "remoting.client.default-timeout=300ms"});
    }

    @Test
    void theTimeoutOfANamedClientIsItsOwn() {
        assertSlowCallWaitsAtMost(200, NamedEchoApi.class, address -> new String[] {
            "remoting.client.default-timeout=5s", "remoting.clients.audit.name-servers=" + address,
            "remoting.clients.audit.default-timeout=200ms"});
    }

    @Test
    void typedBodiesGoThroughTheContextsBodyCodec() {
        withServer(address -> this.caller.withUserConfiguration(DefaultClientApis.class)
                .withBean(BodyCodec.class, ShoutingCodec::new)
                .withPropertyValues("remoting.client.name-servers=" + address).run(context -> {
                    assertThat(context.getBean(EchoApi.class).echo("quiet")).isEqualTo("QUIET");
                }));
    }

    @Test
    void aClientNameThatIsNotConfiguredFailsStartUpNamingThePropertyAndTheInterface() {
        this.caller.withUserConfiguration(NamedEchoApi.class)
                .withPropertyValues("remoting.clients.billing.name-servers=127.0.0.1:9876").run(context -> {
                    assertThat(context).getFailure().rootCause().message().contains("remoting.clients.audit")
                            .contains(EchoApi.class.getName()).contains("[billing]");
                });
    }

    @Test
    void aDisabledNamedClientFailsStartUpLikeAMissingOne() {
        this.caller.withUserConfiguration(NamedEchoApi.class)
                .withPropertyValues("remoting.clients.audit.enabled=false").run(context -> {
                    assertThat(context).getFailure().rootCause().message().contains("remoting.clients.audit")
                            .contains(EchoApi.class.getName());
                });
    }

    @Test
    void aDisabledDefaultClientFailsStartUpNamingThePropertyAndTheInterface() {
        this.caller.withUserConfiguration(DefaultClientApis.class).withPropertyValues("remoting.client.enabled=false")
                .run(context -> {
                    assertThat(context).getFailure().rootCause().message()
                            .contains("remoting.client.enabled=false").contains(EchoApi.class.getName());
                });
    }

    @Test
    void anInterfaceThatCannotBeCalledFailsStartUpEvenWhenNothingInjectsIt() {
        this.caller.withUserConfiguration(BrokenApis.class).run(context -> {
            assertThat(context).getFailure().rootCause().message().contains(BrokenApi.class.getSimpleName())
                    .contains("missing");
        });
    }

    /** Calls the handler that answers only when released, and releases it once the call has failed. */
    private void assertSlowCallWaitsAtMost(long timeoutMillis, Class<?> apis, Function<String, String[]> properties) {
        this.server.run(server -> {
            Handlers handlers = server.getBean(Handlers.class);
            try {
                this.caller.withUserConfiguration(apis).withPropertyValues(properties.apply(address(server)))
                        .run(context -> assertThatExceptionOfType(RemotingTimeoutException.class)
                                .isThrownBy(() -> context.getBean(EchoApi.class).slow())
                                .satisfies(ex -> assertWaitedAtMost(ex, timeoutMillis)));
            } finally {
                handlers.release.countDown();
            }
        });
    }

    private void withServer(Consumer<String> test) {
        this.server.run(server -> test.accept(address(server)));
    }

    private static String address(AssertableApplicationContext server) {
        return "127.0.0.1:" + server.getEnvironment().getRequiredProperty("local.remoting.server.port");
    }

    /**
     * The core reports how long the call waited for its response: what was left of its timeout once connected, so
     * never more than the timeout it was given.
     */
    private static void assertWaitedAtMost(RemotingTimeoutException ex, long timeoutMillis) {
        Matcher waited = Pattern.compile("timeout, (\\d+)\\(ms\\)").matcher(String.valueOf(ex.getMessage()));
        assertThat(waited.find()).as(ex.getMessage()).isTrue();
        assertThat(Long.parseLong(waited.group(1))).isPositive().isLessThanOrEqualTo(timeoutMillis);
    }

    @Configuration(proxyBeanMethods = false)
    @ImportRemotingClients(types = EchoApi.class, client = "audit")
    static class NamedEchoApi {
    }

    @Configuration(proxyBeanMethods = false)
    @ImportRemotingClients(BrokenApi.class)
    static class BrokenApis {
    }

    /** A method without @RemotingExchange: the proxy cannot call it. */
    interface BrokenApi {

        String missing();
    }

    /** Upper-cases what it decodes, to show that the context's codec is the one in use. */
    static final class ShoutingCodec implements BodyCodec {

        private final JacksonBodyCodec json = new JacksonBodyCodec();

        @Override
        public byte[] encode(Object body) {
            return this.json.encode(body);
        }

        @Override
        public Object decode(byte[] body, Type type) throws RemotingCommandException {
            return ((String) this.json.decode(body, type)).toUpperCase();
        }
    }
}
