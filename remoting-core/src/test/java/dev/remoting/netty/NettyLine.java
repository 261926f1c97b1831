package dev.remoting.netty;

import io.netty.util.Version;

/**
 * The Netty line the tests run on. The build runs them on 4.2 and once more on 4.1 ({@code -Dnetty.version}); the
 * few tests that pin a default the two lines do not share ask here which one they see.
 */
final class NettyLine {

    static final String VERSION = Version.identify().get("netty-common").artifactVersion();

    private NettyLine() {
    }

    static boolean is42OrLater() {
        return !VERSION.startsWith("4.1.");
    }
}
