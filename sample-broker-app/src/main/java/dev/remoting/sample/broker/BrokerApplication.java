package dev.remoting.sample.broker;

import dev.remoting.sample.broker.store.MessageStore;
import dev.remoting.spring.boot.autoconfigure.RemotingExecutors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * A small message broker on the remoting starter: send, pull with long polling, heartbeats and broker-to-client
 * notifications, with handlers found by annotation and sized in {@code application.yml}.
 */
@SpringBootApplication
@EnableConfigurationProperties(BrokerProperties.class)
public class BrokerApplication {

    public static void main(String[] args) {
        SpringApplication.run(BrokerApplication.class, args);
    }

    @Bean(destroyMethod = "close")
    MessageStore messageStore(BrokerProperties properties) throws IOException {
        if (properties.getQueuesPerTopic() < 1 || properties.getQueuesPerTopic() > 1024) {
            throw new InvalidConfigurationPropertyValueException("broker.queues-per-topic",
                    properties.getQueuesPerTopic(), "must be between 1 and 1024");
        }
        long maxSize = properties.getMaxMessageSize().toBytes();
        if (maxSize < 1 || maxSize > 15L * 1024 * 1024) {
            throw new InvalidConfigurationPropertyValueException("broker.max-message-size",
                    properties.getMaxMessageSize(), "must be between 1B and 15MB (frames are at most 16MB)");
        }
        return new MessageStore(properties.getDataDir(), properties.getQueuesPerTopic(), properties.isSyncFlush(),
                (int) maxSize);
    }

    @Bean
    PullService pullService(MessageStore store, BrokerProperties properties) {
        return new PullService(store, (int) Math.min(Integer.MAX_VALUE, properties.getMaxPullSize().toBytes()));
    }

    @Bean
    LongPollingService longPollingService(PullService pullService, RemotingExecutors executors,
            BrokerProperties properties) {
        if (properties.getMaxHeldPulls() < 1) {
            throw new InvalidConfigurationPropertyValueException("broker.max-held-pulls", properties.getMaxHeldPulls(),
                    "must be at least 1");
        }
        return new LongPollingService(pullService, executors.named("pull", "long polling"),
                properties.getMaxHeldPulls());
    }

    /** Tells scripts which ports were bound, since the demo asks for free ones (port 0). */
    @EventListener(ApplicationReadyEvent.class)
    void writePortFile(ApplicationReadyEvent event) {
        Path file = event.getApplicationContext().getBean(BrokerProperties.class).getPortFile();
        if (file == null) {
            return;
        }
        Environment env = event.getApplicationContext().getEnvironment();
        String content = "http.port=" + env.getProperty("local.server.port", "") + "\nremoting.port="
                + env.getProperty("local.remoting.server.port", "") + "\n";
        try {
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "ports", ".tmp");
            Files.writeString(tmp, content);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the port file " + file, e);
        }
    }
}
