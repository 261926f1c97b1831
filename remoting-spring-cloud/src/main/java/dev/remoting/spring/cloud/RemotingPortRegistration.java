package dev.remoting.spring.cloud;

import dev.remoting.RemotingServer;
import dev.remoting.spring.boot.autoconfigure.RemotingServiceLifecycle;
import java.util.Objects;
import java.util.function.ObjIntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.serviceregistry.AbstractAutoServiceRegistration;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.context.SmartLifecycle;

/**
 * Puts the remoting server's port into this application's service registration, under
 * {@link RemotingInstanceMetadata#PORT}, once the server is bound (its port may be chosen then).
 *
 * <p>An application without a web server has nothing that starts Spring Cloud's auto-registration (it waits for the
 * web server's start): this starts it, after giving the registration the remoting port as the instance's port where
 * the registry needs one set ({@code portSetter}: ZooKeeper's). An application whose web server registered it before
 * the remoting server was bound is registered again, now with the remoting port in its metadata.
 *
 * <p>On the way down it deregisters before the remoting server stops, so that clients stop choosing this instance
 * while it still answers the calls in flight (and answers GO_AWAY to late ones).
 */
public final class RemotingPortRegistration implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RemotingPortRegistration.class);

    private final RemotingServer server;
    private final AbstractAutoServiceRegistration<Registration> autoRegistration;
    private final Registration registration;
    private final ServiceRegistry<Registration> serviceRegistry;
    private final ObjIntConsumer<Registration> portSetter;
    private volatile boolean running;

    /**
     * @param portSetter gives a registration not yet started the port it registers, when its registry needs that
     *        before the metadata can be written
     */
    public RemotingPortRegistration(RemotingServer server,
            AbstractAutoServiceRegistration<Registration> autoRegistration, Registration registration,
            ServiceRegistry<Registration> serviceRegistry,
            ObjIntConsumer<Registration> portSetter) {
        this.server = Objects.requireNonNull(server, "server");
        this.autoRegistration = Objects.requireNonNull(autoRegistration, "autoRegistration");
        this.registration = Objects.requireNonNull(registration, "registration");
        this.serviceRegistry = Objects.requireNonNull(serviceRegistry, "serviceRegistry");
        this.portSetter = Objects.requireNonNull(portSetter, "portSetter");
    }

    @Override
    public void start() {
        this.running = true;
        int port = this.server.localListenPort();
        if (port <= 0) {
            // Bound in-process (tests): no address another process could call.
            return;
        }
        boolean registered = this.autoRegistration.isRunning();
        if (!registered) {
            this.portSetter.accept(this.registration, port);
        }
        try {
            this.registration.getMetadata().put(RemotingInstanceMetadata.PORT, String.valueOf(port));
        } catch (UnsupportedOperationException ex) {
            log.warn("The service registration of '{}' takes no metadata now: clients will call its registered port "
                    + "{}, not the remoting port {}", this.registration.getServiceId(), this.registration.getPort(),
                    port);
        }
        if (registered) {
            this.serviceRegistry.register(this.registration);
        } else {
            this.autoRegistration.start();
        }
        log.info("Registered service '{}' with remoting port {}", this.registration.getServiceId(), port);
    }

    @Override
    public void stop() {
        this.running = false;
        if (this.autoRegistration.isRunning()) {
            this.autoRegistration.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    /** Right after the remoting server starts, so that its port is known; so stopped right before it. */
    @Override
    public int getPhase() {
        return RemotingServiceLifecycle.SERVER_PHASE + 1;
    }
}
