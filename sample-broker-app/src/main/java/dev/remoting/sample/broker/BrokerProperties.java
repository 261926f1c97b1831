package dev.remoting.sample.broker;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the sample broker.
 */
@ConfigurationProperties(prefix = "broker")
public class BrokerProperties {

    /**
     * Directory holding one folder per topic with one log file per queue.
     */
    private Path dataDir = Path.of("data");

    /**
     * Number of queues each topic gets when it receives its first message.
     */
    private int queuesPerTopic = 4;

    /**
     * Largest accepted message body.
     */
    private DataSize maxMessageSize = DataSize.ofMegabytes(4);

    /**
     * Largest total body size returned by one pull.
     */
    private DataSize maxPullSize = DataSize.ofMegabytes(4);

    /**
     * Most pulls held at once waiting for a message; further pulls that find nothing are answered SYSTEM_BUSY.
     */
    private int maxHeldPulls = 10_000;

    /**
     * Whether every append is forced to disk before it is acknowledged (survives power loss, not just a crash).
     */
    private boolean syncFlush = false;

    /**
     * File to write the bound HTTP and remoting ports to once the broker is ready; none when unset.
     */
    private Path portFile;

    public Path getDataDir() {
        return dataDir;
    }

    public void setDataDir(Path dataDir) {
        this.dataDir = dataDir;
    }

    public int getQueuesPerTopic() {
        return queuesPerTopic;
    }

    public void setQueuesPerTopic(int queuesPerTopic) {
        this.queuesPerTopic = queuesPerTopic;
    }

    public DataSize getMaxMessageSize() {
        return maxMessageSize;
    }

    public void setMaxMessageSize(DataSize maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    public DataSize getMaxPullSize() {
        return maxPullSize;
    }

    public void setMaxPullSize(DataSize maxPullSize) {
        this.maxPullSize = maxPullSize;
    }

    public int getMaxHeldPulls() {
        return maxHeldPulls;
    }

    public void setMaxHeldPulls(int maxHeldPulls) {
        this.maxHeldPulls = maxHeldPulls;
    }

    public boolean isSyncFlush() {
        return syncFlush;
    }

    public void setSyncFlush(boolean syncFlush) {
        this.syncFlush = syncFlush;
    }

    public Path getPortFile() {
        return portFile;
    }

    public void setPortFile(Path portFile) {
        this.portFile = portFile;
    }
}
