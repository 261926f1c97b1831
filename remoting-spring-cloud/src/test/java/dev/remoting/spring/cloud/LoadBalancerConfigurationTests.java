package dev.remoting.spring.cloud;

import dev.remoting.RemotingServer;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClient;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import reactor.core.publisher.Mono;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The balancer a client's calls go through is the one Spring Cloud LoadBalancer configures for the service: an
 * application's own, given with {@code @LoadBalancerClient}, replaces the default round robin.
 */
class LoadBalancerConfigurationTests {

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    @AfterEach
    void close() {
        // The client first, so that no call is on its way to a server already gone.
        for (int i = this.contexts.size() - 1; i >= 0; i--) {
            this.contexts.get(i).close();
        }
    }

    @Test
    void anApplicationsOwnLoadBalancerForTheServiceChoosesEveryInstance() {
        List<ConfigurableApplicationContext> servers = List.of(server("a"), server("b"), server("c"));
        List<String> listing = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            String prefix = "spring.cloud.discovery.client.simple.instances.orders[" + i + "].";
            listing.add(prefix + "uri=tcp://127.0.0.1:" + servers.get(i).getBean(RemotingServer.class)
                    .localListenPort());
            // The application's balancer takes only the instance marked so: b.
            listing.add(prefix + "metadata[pinned]=" + (i == 1));
        }
        ConfigurableApplicationContext client = start(new SpringApplicationBuilder(PinnedClientApp.class)
                .properties("spring.application.name=client", "remoting.server.enabled=false",
                        "remoting.clients.orders.service-id=orders")
                .properties(listing.toArray(String[]::new)));
        NettyRemotingClient orders = client.getBean(RemotingClients.class).get("orders");

        Map<String, Integer> answers = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            answers.merge(ServiceDiscoveryTests.who(orders, false), 1, Integer::sum);
        }

        assertThat(answers).containsOnlyKeys("b");
        assertThat(orders.getChannels()).hasSize(1);
    }

    private ConfigurableApplicationContext server(String name) {
        return start(new SpringApplicationBuilder(ServiceDiscoveryTests.ServerApp.class)
                .properties("spring.application.name=" + name, "remoting.server.port=0",
                        "remoting.server.bind-address=127.0.0.1"));
    }

    private ConfigurableApplicationContext start(SpringApplicationBuilder builder) {
        ConfigurableApplicationContext context = builder.web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "spring.cloud.compatibility-verifier.enabled=false",
                        "spring.cloud.zookeeper.enabled=false", "spring.cloud.discovery.reactive.enabled=false")
                .run();
        this.contexts.add(context);
        return context;
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @LoadBalancerClient(name = "orders", configuration = PinnedInstanceConfiguration.class)
    static class PinnedClientApp {
    }

    /** The per-service configuration LoadBalancer applies in the service's own child context. */
    static class PinnedInstanceConfiguration {

        @Bean
        ReactorServiceInstanceLoadBalancer pinnedInstanceLoadBalancer(Environment environment,
                LoadBalancerClientFactory factory) {
            String serviceId = environment.getProperty(LoadBalancerClientFactory.PROPERTY_NAME);
            return new PinnedInstance(factory.getLazyProvider(serviceId, ServiceInstanceListSupplier.class));
        }
    }

    /** Chooses the instance whose metadata says {@code pinned=true}, every time. */
    static final class PinnedInstance implements ReactorServiceInstanceLoadBalancer {

        private final ObjectProvider<ServiceInstanceListSupplier> instances;

        PinnedInstance(ObjectProvider<ServiceInstanceListSupplier> instances) {
            this.instances = instances;
        }

        @Override
        public Mono<Response<ServiceInstance>> choose(Request request) {
            return this.instances.getObject().get(request).next().map(list -> list.stream()
                    .filter(instance -> "true".equals(instance.getMetadata().get("pinned")))
                    .findFirst()
                    .<Response<ServiceInstance>>map(DefaultResponse::new)
                    .orElseGet(EmptyResponse::new));
        }
    }
}
