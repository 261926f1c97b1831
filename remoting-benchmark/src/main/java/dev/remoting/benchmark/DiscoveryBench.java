package dev.remoting.benchmark;

import dev.remoting.spring.boot.autoconfigure.RemotingProperties;
import dev.remoting.spring.boot.autoconfigure.ServiceAddressSelectorFactory;
import dev.remoting.spring.cloud.RemotingDiscoveryAutoConfiguration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.loadbalancer.LoadBalancerDefaultMappingsProviderAutoConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.LoadBalancerCacheAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * "ours discovery": ours default's client and server, each call made with a null address so that the client's
 * {@link dev.remoting.AddressSelector} chooses the instance: the {@code ServiceInstanceSelector} that
 * remoting-spring-cloud's {@link ServiceAddressSelectorFactory} bean makes, over Spring Cloud LoadBalancer (round
 * robin, its default instance-list cache on) and {@code SimpleDiscoveryClient} listing the benchmark's addresses as
 * the instances of one service. The beans come from a small Spring context started with each client and closed with
 * it; the column against ours default is the cost of choosing the instance per call.
 */
final class DiscoveryBench {

    /** What ours discovery is, for the report. */
    static final String DESCRIPTION = "ours default's client and server, every call made with a null address and "
            + "sent to the instance chosen by remoting-spring-cloud's `ServiceInstanceSelector` (the "
            + "`ServiceAddressSelectorFactory` bean of `RemotingDiscoveryAutoConfiguration`): Spring Cloud "
            + "LoadBalancer's round robin with its default instance-list cache on (no Caffeine: Spring Cloud's "
            + "default cache) over `SimpleDiscoveryClient`, which lists the workload's addresses as the instances";

    static final String SERVICE_ID = "bench";
    static final String CLIENT_NAME = "bench";

    private DiscoveryBench() {
    }

    /** Connects ours default's client to the service whose instances are {@code addrs}, one per connection. */
    static BenchClient client(List<String> addrs) {
        ConfigurableApplicationContext context = context(addrs);
        try {
            ServiceAddressSelectorFactory selectors = context.getBean(ServiceAddressSelectorFactory.class);
            return new OursBench.Client(addrs.size(),
                    client -> client.setAddressSelector(selectors.create(CLIENT_NAME, SERVICE_ID, client)), context);
        } catch (RuntimeException | Error e) {
            context.close();
            throw e;
        }
    }

    /**
     * A non-web context with only the auto-configurations the selector needs, named here: the shaded jar does not
     * merge the jars' {@code AutoConfiguration.imports} files.
     */
    static ConfigurableApplicationContext context(List<String> addrs) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.main.web-application-type", "none");
        properties.put("spring.cloud.compatibility-verifier.enabled", "false");
        // Makes RemotingDiscoveryAutoConfiguration check, at start-up, that LoadBalancer's cache has its CacheFlux.
        properties.put("remoting.client.service-id", SERVICE_ID);
        for (int i = 0; i < addrs.size(); i++) {
            properties.put("spring.cloud.discovery.client.simple.instances." + SERVICE_ID + "[" + i + "].uri",
                    "tcp://" + addrs.get(i));
        }
        SpringApplicationBuilder builder = new SpringApplicationBuilder(Config.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .properties(properties);
        // Leaves the harness's logback.xml (WARN) alone: no logging system set up and torn down with every client.
        builder.application().setListeners(builder.application().getListeners().stream()
                .filter(listener -> !(listener instanceof LoggingApplicationListener)).toList());
        return builder.run();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RemotingProperties.class)
    @ImportAutoConfiguration({UtilAutoConfiguration.class, SimpleDiscoveryClientAutoConfiguration.class,
            CompositeDiscoveryClientAutoConfiguration.class,
            org.springframework.cloud.client.loadbalancer.LoadBalancerAutoConfiguration.class,
            LoadBalancerDefaultMappingsProviderAutoConfiguration.class, LoadBalancerAutoConfiguration.class,
            LoadBalancerCacheAutoConfiguration.class, RemotingDiscoveryAutoConfiguration.class})
    static class Config {
    }
}
