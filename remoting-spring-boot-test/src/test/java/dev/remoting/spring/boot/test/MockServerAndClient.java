package dev.remoting.spring.boot.test;

import dev.remoting.netty.NettyClientConfig;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.protocol.RemotingCommand;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A raw client and a mock server for one test, made on first use and stopped after the test. */
final class MockServerAndClient implements AfterEachCallback {

    private @Nullable NettyRemotingClient client;
    private @Nullable MockRemotingServer server;

    NettyRemotingClient client() {
        if (client == null) {
            NettyClientConfig config = new NettyClientConfig();
            config.setClientWorkerThreads(1);
            config.setClientCallbackExecutorThreads(1);
            client = new NettyRemotingClient(config);
            client.start();
        }
        return client;
    }

    /** The test's server: ordered expectations, the JSON codec. */
    MockRemotingServer server() {
        if (server == null) {
            server = MockRemotingServer.start();
        }
        return server;
    }

    /** Calls the test's server, waiting up to 3 s. */
    RemotingCommand call(RemotingCommand request) throws Exception {
        return call(request, 3000);
    }

    RemotingCommand call(RemotingCommand request, long timeoutMillis) throws Exception {
        return client().invokeSync(server().address(), request, timeoutMillis);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (client != null) {
            client.shutdown();
        }
        if (server != null) {
            server.close();
        }
    }
}
