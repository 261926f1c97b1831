package dev.remoting.spring.boot.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.spring.boot.autoconfigure.RemotingAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Connections refused over {@code remoting.server.max-connections} are counted in remoting.connections.refused,
 * scraped as {@code remoting_connections_refused_total}.
 */
class RefusedConnectionsMetricTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class,
                    RemotingMetricsAutoConfiguration.class))
            .withUserConfiguration(Registry.class)
            .withPropertyValues("remoting.server.enabled=true",
                    "remoting.server.port=0", "remoting.server.bind-address=127.0.0.1",
                    "remoting.server.max-connections=1");

    @Test
    void refusedConnectionsAreCounted() {
        this.runner.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            NettyRemotingServer server = context.getBean(NettyRemotingServer.class);
            assertThat(registry.get("remoting.connections.refused").tag("side", "server").functionCounter().count())
                    .isZero();
            try (Socket first = connect(server); Socket second = connect(server)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> server.getConnectionCount() == 1);
                second.setSoTimeout(10_000);
                InputStream in = second.getInputStream();
                assertThat(in.read()).as("closed by the server").isEqualTo(-1);
                assertThat(registry.get("remoting.connections.refused").tag("side", "server").functionCounter()
                        .count()).isEqualTo(1);
                assertThat(((PrometheusMeterRegistry) registry).scrape())
                        .contains("remoting_connections_refused_total{side=\"server\"} 1.0");
                assertThat(first.isClosed()).isFalse();
            }
        });
    }

    private static Socket connect(NettyRemotingServer server) throws Exception {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.localListenPort()), 3000);
        return socket;
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        MeterRegistry meterRegistry() {
            return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        }
    }
}
