package dev.remoting.sample.client;

import dev.remoting.sample.protocol.BrokerApi;
import dev.remoting.spring.annotation.ImportRemotingClients;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A command-line producer and consumer for the sample broker, on the remoting starter's auto-configured client and
 * the declarative {@link BrokerApi} bound to it:
 * sends {@code demo.count} messages, pulls them back, verifies every one and exits with 0 only when all were.
 * Settings are the {@code demo.*} properties ({@link DemoProperties}), for example
 * {@code java -jar sample-client-app-exec.jar --demo.broker-address=127.0.0.1:10911 --demo.mode=SYNC}.
 */
@SpringBootApplication
@EnableConfigurationProperties(DemoProperties.class)
@ImportRemotingClients(types = BrokerApi.class)
public class ClientApplication {

    public static void main(String[] args) {
        int exitCode;
        try {
            exitCode = SpringApplication.exit(SpringApplication.run(ClientApplication.class, args));
        } catch (SpringApplication.AbandonedRunException e) {
            // Build-time AOT processing (process-aot) runs main() and abandons the run once the context is
            // prepared; exiting here would fail the build, so the processor must see the exception.
            throw e;
        } catch (RuntimeException e) {
            // Start-up failed; Spring Boot has already reported why.
            exitCode = 1;
        }
        System.exit(exitCode);
    }
}
