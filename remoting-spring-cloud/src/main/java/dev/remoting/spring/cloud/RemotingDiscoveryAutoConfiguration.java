package dev.remoting.spring.cloud;

import dev.remoting.RemotingServer;
import dev.remoting.spring.boot.autoconfigure.RemotingAutoConfiguration;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import dev.remoting.spring.boot.autoconfigure.RemotingProperties;
import dev.remoting.spring.boot.autoconfigure.ServiceAddressSelectorFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ObjIntConsumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.client.serviceregistry.AbstractAutoServiceRegistration;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.cloud.zookeeper.serviceregistry.ZookeeperRegistration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of service discovery for remoting: clients with a
 * {@code service-id} call the instances Spring Cloud LoadBalancer chooses, and the remoting server's port goes into
 * this application's service registration.
 */
@AutoConfiguration(after = RemotingAutoConfiguration.class, afterName = {
        "org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration",
        "org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration",
        "org.springframework.cloud.client.serviceregistry.ServiceRegistryAutoConfiguration",
        "org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationAutoConfiguration",
        "org.springframework.cloud.zookeeper.serviceregistry.ZookeeperServiceRegistryAutoConfiguration",
        "org.springframework.cloud.zookeeper.serviceregistry.ZookeeperAutoServiceRegistrationAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({ReactiveLoadBalancer.class, ServiceAddressSelectorFactory.class})
@EnableConfigurationProperties(RemotingDiscoveryProperties.class)
public final class RemotingDiscoveryAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ServiceAddressSelectorFactory.class)
    @ConditionalOnBean(ReactiveLoadBalancer.Factory.class)
    DiscoveryAddressSelectors remotingDiscoveryAddressSelectors(
            ReactiveLoadBalancer.Factory<ServiceInstance> loadBalancers, ObjectProvider<DiscoveryClient> discovery,
            RemotingDiscoveryProperties properties, ObjectProvider<InstanceCallMeters> meters,
            RemotingProperties remoting, ApplicationContext context) {
        if (!serviceIds(remoting).isEmpty()) {
            checkLoadBalancerCache(context);
        }
        return new DiscoveryAddressSelectors(loadBalancers, discovery.getIfAvailable(),
                properties.getRefreshInterval(), (client, gone) -> meters.ifAvailable(m -> m.forget(client, gone)));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class MetersConfiguration {

        @Bean
        @ConditionalOnMissingBean
        InstanceCallMeters remotingInstanceCallMeters(MeterRegistry registry, RemotingProperties properties,
                ObjectProvider<DiscoveryAddressSelectors> selectors) {
            // With an application's own selector factory nothing tells of departures: none are marked.
            return new InstanceCallMeters(registry, serviceIds(properties), clientName -> {
                DiscoveryAddressSelectors discovery = selectors.getIfAvailable();
                return discovery != null ? discovery.departures(clientName) : new Departures();
            });
        }
    }

    /** The service id of each client name that has one. */
    static Map<String, String> serviceIds(RemotingProperties properties) {
        Map<String, String> serviceIds = new LinkedHashMap<>();
        String defaultServiceId = properties.getClient().getServiceId();
        if (defaultServiceId != null) {
            serviceIds.put(RemotingClients.DEFAULT_NAME, defaultServiceId);
        }
        properties.getClients().forEach((name, client) -> {
            String serviceId = client.getServiceId();
            if (serviceId != null && client.isEnabled()) {
                serviceIds.put(name, serviceId);
            }
        });
        return serviceIds;
    }

    /**
     * Fails start-up rather than every call: LoadBalancer's instance-list cache, on by default, needs
     * {@code reactor.cache.CacheFlux}, which reactor-extra 3.7 (managed by Boot 4.2) no longer has.
     */
    private static void checkLoadBalancerCache(ApplicationContext context) {
        boolean cached = context.getEnvironment().getProperty("spring.cloud.loadbalancer.cache.enabled",
                Boolean.class, true);
        if (cached && !ClassUtils.isPresent("reactor.cache.CacheFlux", context.getClassLoader())) {
            throw new IllegalStateException("Spring Cloud LoadBalancer's instance-list cache needs "
                    + "io.projectreactor.addons:reactor-extra 3.6 (reactor.cache.CacheFlux), and the class path has a "
                    + "later one (Spring Boot 4.2 manages 3.7): pin reactor-extra to 3.6.2 in your dependency "
                    + "management, or set spring.cloud.loadbalancer.cache.enabled=false");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(AbstractAutoServiceRegistration.class)
    @ConditionalOnBooleanProperty(name = "remoting.discovery.register", matchIfMissing = true)
    @ConditionalOnBean({RemotingServer.class, AbstractAutoServiceRegistration.class, Registration.class,
            ServiceRegistry.class})
    static class RegistrationConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @SuppressWarnings("unchecked")
        RemotingPortRegistration remotingPortRegistration(RemotingServer server,
                AbstractAutoServiceRegistration<?> autoRegistration, Registration registration,
                ServiceRegistry<?> serviceRegistry, ObjectProvider<RegistrationPortSetter> portSetter) {
            return new RemotingPortRegistration(server,
                    (AbstractAutoServiceRegistration<Registration>) autoRegistration, registration,
                    (ServiceRegistry<Registration>) serviceRegistry,
                    portSetter.getIfAvailable(() -> (reg, port) -> { }));
        }
    }

    /** Gives a registration not yet started the port it registers; ZooKeeper's builds its instance from it. */
    @FunctionalInterface
    interface RegistrationPortSetter extends ObjIntConsumer<Registration> {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ZookeeperRegistration.class)
    static class ZookeeperConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RegistrationPortSetter remotingZookeeperPortSetter() {
            return (registration, port) -> {
                if (registration instanceof ZookeeperRegistration zookeeper) {
                    zookeeper.setPort(port);
                }
            };
        }
    }
}
