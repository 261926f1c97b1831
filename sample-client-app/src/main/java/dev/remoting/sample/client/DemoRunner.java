package dev.remoting.sample.client;

import dev.remoting.RemotingClient;
import dev.remoting.sample.protocol.BrokerApi;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import java.net.InetAddress;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the demo once the application (and with it the auto-configured remoting client) has started, prints the
 * summary, and provides the exit code: 0 only when every message was verified.
 */
@Component
public class DemoRunner implements ApplicationRunner, ExitCodeGenerator {

    private static final Logger log = LoggerFactory.getLogger(DemoRunner.class);

    private final DemoProperties properties;
    private final BrokerApi api;
    private final RemotingClient client;
    private final JsonMapper json;
    private final ObservationRegistry observations;
    private final Tracer tracer;
    private volatile Summary summary;
    private volatile int exitCode = 1;

    /** Observations and tracer are optional: without them the run is the same, the join just not traced. */
    public DemoRunner(DemoProperties properties, BrokerApi api, RemotingClient client, JsonMapper json,
            ObjectProvider<ObservationRegistry> observations, ObjectProvider<Tracer> tracer) {
        this.properties = properties;
        this.api = api;
        this.client = client;
        this.json = json;
        this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
    }

    @Override
    public void run(ApplicationArguments args) {
        String problem = properties.problem();
        if (problem != null) {
            log.error("cannot run: {}", problem);
            return;
        }
        long runId = ThreadLocalRandom.current().nextLong();
        String clientId = localAddress() + "@" + ProcessHandle.current().pid() + "-" + Long.toHexString(runId);
        BrokerActuator actuator = properties.getBrokerHttpUrl() == null || properties.getBrokerHttpUrl().isBlank()
                ? null : new BrokerActuator(properties.getBrokerHttpUrl(), json);
        try {
            if (actuator != null) {
                log.info("waiting for the broker's health at {}/actuator/health", actuator.baseUrl());
                actuator.awaitUp(properties.getHealthTimeout());
                log.info("the broker is UP");
            }
            summary = new DemoRun(properties, api, client, runId, clientId, observations, tracer).run();
            summary.lines().forEach(log::info);
            if (actuator != null) {
                actuator.report().forEach(log::info);
            }
            exitCode = summary.ok() ? 0 : 1;
        } catch (DemoException | IllegalStateException e) {
            log.error("the run failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.error("the run was interrupted");
        }
    }

    /** Returns the summary of the run, or {@code null} when it did not get that far. */
    public Summary summary() {
        return summary;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }

    private static String localAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (java.io.IOException e) {
            return "127.0.0.1";
        }
    }
}
