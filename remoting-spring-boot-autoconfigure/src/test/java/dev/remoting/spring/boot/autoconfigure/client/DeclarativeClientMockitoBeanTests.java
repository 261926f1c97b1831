package dev.remoting.spring.boot.autoconfigure.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

import dev.remoting.spring.annotation.ImportRemotingClients;
import dev.remoting.spring.boot.autoconfigure.RemotingAutoConfiguration;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * A declarative client replaced by {@code @MockitoBean} in an application test: the bean is found by type before it
 * exists, so the mock takes its place and the beans that use it get the mock. No name server is needed, since the
 * proxy is never made.
 */
@SpringBootTest(properties = "remoting.server.enabled=false")
class DeclarativeClientMockitoBeanTests {

    @MockitoBean
    private EchoApi echo;

    @Autowired
    private DeclarativeClientsTests.Greeter greeter;

    @Autowired
    private ApplicationContext context;

    @Test
    void aMockitoBeanReplacesTheDeclarativeClient() {
        given(this.echo.echo("hello mock")).willReturn("mocked");

        assertThat(this.greeter.greet("mock")).isEqualTo("mocked");
        assertThat(this.context.getBeansOfType(EchoApi.class)).hasSize(1).allSatisfy((name, bean) -> {
            assertThat(Mockito.mockingDetails(bean).isMock()).isTrue();
            assertThat(Proxy.isProxyClass(bean.getClass())).isFalse();
        });
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @ImportAutoConfiguration(RemotingAutoConfiguration.class)
    @ImportRemotingClients(EchoApi.class)
    @Import(DeclarativeClientsTests.Greeter.class)
    static class Application {
    }
}
