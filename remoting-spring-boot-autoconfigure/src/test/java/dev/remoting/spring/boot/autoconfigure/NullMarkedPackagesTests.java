package dev.remoting.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.test.NullMarkedPackages;
import org.junit.jupiter.api.Test;

class NullMarkedPackagesTests {

    @Test
    void everyPackageOfTheStarterIsNullMarked() {
        assertThat(NullMarkedPackages.of(RemotingAutoConfiguration.class))
                .containsKeys("dev.remoting.spring.annotation", "dev.remoting.spring.boot.autoconfigure",
                        "dev.remoting.spring.boot.autoconfigure.health")
                .allSatisfy((name, marked) -> assertThat(marked).as(name).isTrue());
    }
}
