package dev.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.test.NullMarkedPackages;
import org.junit.jupiter.api.Test;

class NullMarkedPackagesTest {

    @Test
    void everyPackageOfTheCoreIsNullMarked() {
        assertThat(NullMarkedPackages.of(RemotingClient.class))
                .containsKeys("dev.remoting", "dev.remoting.netty", "dev.remoting.protocol",
                        "dev.remoting.internal.transport", "dev.remoting.internal.call",
                        "dev.remoting.internal.client", "dev.remoting.internal.server",
                        "dev.remoting.internal.proxy")
                .allSatisfy((name, marked) -> assertThat(marked).as(name).isTrue());
    }
}
