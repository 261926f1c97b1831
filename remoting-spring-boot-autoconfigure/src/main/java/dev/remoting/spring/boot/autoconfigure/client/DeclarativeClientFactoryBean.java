package dev.remoting.spring.boot.autoconfigure.client;

import dev.remoting.RemotingClient;
import dev.remoting.client.RemotingClientProxyFactory;
import dev.remoting.codec.BodyCodec;
import dev.remoting.spring.boot.autoconfigure.ClientProperties;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import dev.remoting.spring.boot.autoconfigure.RemotingProperties;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Makes the proxy of one declarative client interface for {@link dev.remoting.spring.annotation.ImportRemotingClients}:
 * over the default client or a named one, with the context's {@link BodyCodec} and the client's
 * {@code default-timeout}. Applications use the annotation, not this class.
 *
 * @param <T> the interface
 */
public final class DeclarativeClientFactoryBean<T> implements FactoryBean<T>, BeanFactoryAware, InitializingBean {

    private final Class<T> type;

    private final String clientName;

    private @Nullable BeanFactory beanFactory;

    private @Nullable T proxy;

    /**
     * Creates the factory of one interface's proxy.
     *
     * @param type the interface
     * @param clientName empty for the default client, else the name of a {@code remoting.clients} entry
     */
    public DeclarativeClientFactoryBean(Class<T> type, String clientName) {
        this.type = Objects.requireNonNull(type, "type");
        this.clientName = Objects.requireNonNull(clientName, "clientName");
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    /**
     * Builds the proxy now rather than on first injection, so that a missing client or an interface the proxy cannot
     * call fails start-up even when nothing injects the interface yet.
     */
    @Override
    public void afterPropertiesSet() {
        BeanFactory beans = Objects.requireNonNull(this.beanFactory, "beanFactory");
        RemotingClientProxyFactory.Builder builder = RemotingClientProxyFactory.builder(client(beans));
        BodyCodec codec = beans.getBeanProvider(BodyCodec.class).getIfAvailable();
        if (codec != null) {
            builder.bodyCodec(codec);
        }
        Duration timeout = defaultTimeout(beans);
        if (timeout != null) {
            builder.defaultTimeout(timeout);
        }
        this.proxy = builder.build().createClient(this.type);
    }

    private RemotingClient client(BeanFactory beans) {
        if (this.clientName.isEmpty()) {
            RemotingClient client = beans.getBeanProvider(RemotingClient.class).getIfAvailable();
            if (client == null) {
                throw new IllegalStateException("Declarative client " + this.type.getName() + " calls through the "
                        + "default remoting client, but there is no RemotingClient bean (remoting.client.enabled=false "
                        + "turns it off): turn it on, or bind the interface to a client of remoting.clients.<name> "
                        + "with @ImportRemotingClients(client = \"<name>\")");
            }
            return client;
        }
        RemotingClients clients = beans.getBeanProvider(RemotingClients.class).getIfAvailable();
        RemotingClient client = clients != null ? clients.asMap().get(this.clientName) : null;
        if (client == null) {
            throw new IllegalStateException("Declarative client " + this.type.getName() + " calls through client '"
                    + this.clientName + "', but remoting.clients." + this.clientName + " is not configured or not "
                    + "enabled" + (clients != null ? "; remoting.clients has " + clients.asMap().keySet() : ""));
        }
        return client;
    }

    /** The client's {@code default-timeout}; null for the factory's own default, or for a client not bound here. */
    private @Nullable Duration defaultTimeout(BeanFactory beans) {
        RemotingProperties properties = beans.getBeanProvider(RemotingProperties.class).getIfAvailable();
        if (properties == null) {
            return null;
        }
        ClientProperties client = this.clientName.isEmpty() ? properties.getClient()
                : properties.getClients().get(this.clientName);
        return client != null ? client.getDefaultTimeout() : null;
    }

    @Override
    public T getObject() {
        return Objects.requireNonNull(this.proxy, "proxy");
    }

    @Override
    public Class<T> getObjectType() {
        return this.type;
    }
}
