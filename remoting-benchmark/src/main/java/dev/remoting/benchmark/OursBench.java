package dev.remoting.benchmark;

import dev.remoting.InvokeCallback;
import dev.remoting.netty.NettyClientConfig;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.NettyRequestProcessor;
import dev.remoting.RemotingService;
import dev.remoting.netty.NettyServerConfig;
import dev.remoting.ResponseFuture;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** remoting-core: {@link NettyRemotingServer} and {@link NettyRemotingClient}. */
final class OursBench {

    /** What "fastest documented configuration" means, for the report. */
    static final String FASTEST_DESCRIPTION = "`serializeType=ROCKETMQ` (binary header) on both sides; like the "
            + "default, no codec thread group on either side (codec and dispatch on the I/O threads)";

    private OursBench() {
    }

    static NettyServerConfig serverConfig(boolean fastest, String bindAddress) {
        NettyServerConfig config = new NettyServerConfig();
        config.setBindAddress(bindAddress);
        config.setListenPort(0);
        if (fastest) {
            config.setSerializeType(SerializeType.ROCKETMQ);
        }
        return config;
    }

    static NettyClientConfig clientConfig(boolean fastest) {
        NettyClientConfig config = new NettyClientConfig();
        if (fastest) {
            config.setSerializeType(SerializeType.ROCKETMQ);
        }
        return config;
    }

    static final class Server implements BenchServer {
        private final boolean fastest;
        private final ExecutorService business;
        private final ServerCounters counters;
        private final @Nullable Consumer<RemotingService> instrumentation;
        private NettyRemotingServer server;

        Server(boolean fastest, ExecutorService business, ServerCounters counters) {
            this(fastest, business, counters, null);
        }

        /** The instrumented implementations differ from ours default only by {@code instrumentation}. */
        Server(boolean fastest, ExecutorService business, ServerCounters counters,
                @Nullable Consumer<RemotingService> instrumentation) {
            this.fastest = fastest;
            this.business = business;
            this.counters = counters;
            this.instrumentation = instrumentation;
        }

        @Override
        public int start(String bindAddress) {
            server = new NettyRemotingServer(serverConfig(fastest, bindAddress));
            if (instrumentation != null) {
                instrumentation.accept(server);
            }
            server.registerProcessor(Codes.ECHO, (ctx, request) -> {
                RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS,
                        null);
                response.setBody(request.getBody());
                return response;
            }, business);
            server.registerProcessor(Codes.ONEWAY, (ctx, request) -> {
                counters.onewayReceived();
                return null;
            }, business);
            NettyRequestProcessor answer = (ctx, request) -> {
                RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS,
                        null);
                response.setBody(counters.answer(request.getCode()));
                return response;
            };
            server.registerProcessor(Codes.COUNT, answer, business);
            server.registerProcessor(Codes.STATS, answer, business);
            server.start();
            return server.localListenPort();
        }

        @Override
        public void close() {
            if (server != null) {
                server.shutdown();
            }
        }
    }

    static final class Client implements BenchClient {
        private final NettyRemotingClient client;
        private final String[] addrs;
        /** Closed after the client shuts down: ours discovery's Spring context; null otherwise. */
        private final @Nullable AutoCloseable attached;
        private volatile Cached cached;

        Client(boolean fastest, List<String> addrs) {
            this(fastest, addrs, null);
        }

        /** The instrumented implementations differ from ours default only by {@code instrumentation}. */
        Client(boolean fastest, List<String> addrs, @Nullable Consumer<RemotingService> instrumentation) {
            this.addrs = addrs.toArray(new String[0]);
            this.attached = null;
            client = new NettyRemotingClient(clientConfig(fastest));
            if (instrumentation != null) {
                instrumentation.accept(client);
            }
            client.start();
        }

        /**
         * Ours discovery's client: ours default's, with {@code connections} null addresses, so that every call goes
         * to the address of the selector that {@code selection} sets before the client starts; {@code attached} is
         * closed after the client shuts down.
         */
        Client(int connections, Consumer<NettyRemotingClient> selection, AutoCloseable attached) {
            this.addrs = new String[connections];
            this.attached = attached;
            client = new NettyRemotingClient(clientConfig(false));
            try {
                selection.accept(client);
                client.start();
            } catch (RuntimeException | Error e) {
                client.shutdown();
                throw e;
            }
        }

        private static RemotingCommand request(int code, byte[] body) {
            RemotingCommand request = RemotingCommand.createRequestCommand(code, null);
            request.setBody(body);
            return request;
        }

        private static byte[] bodyOf(RemotingCommand response) {
            if (response.getCode() != RemotingSysResponseCode.SUCCESS) {
                throw new IllegalStateException("response code " + response.getCode() + ": " + response.getRemark());
            }
            return response.getBody();
        }

        @Override
        public byte[] sync(int conn, int code, byte[] body) throws Exception {
            return bodyOf(client.invokeSync(addrs[conn], request(code, body), Codes.TIMEOUT_MILLIS));
        }

        @Override
        public void async(int conn, int code, byte[] body, Listener listener) throws Exception {
            client.invokeAsync(addrs[conn], request(code, body), Codes.TIMEOUT_MILLIS, callback(listener));
        }

        /** One callback object per listener, not per call, so the harness adds no garbage of its own. */
        private InvokeCallback callback(Listener listener) {
            Cached current = cached;
            if (current != null && current.listener() == listener) {
                return current.callback();
            }
            InvokeCallback callback = new InvokeCallback() {
                @Override
                public void operationComplete(ResponseFuture responseFuture) {
                }

                @Override
                public void operationSucceed(RemotingCommand response) {
                    byte[] body;
                    try {
                        body = bodyOf(response);
                    } catch (RuntimeException e) {
                        listener.done(null, e);
                        return;
                    }
                    listener.done(body, null);
                }

                @Override
                public void operationFail(Throwable throwable) {
                    listener.done(null, throwable);
                }
            };
            cached = new Cached(listener, callback);
            return callback;
        }

        private record Cached(Listener listener, InvokeCallback callback) {
        }

        @Override
        public void oneway(int conn, int code, byte[] body) throws Exception {
            client.invokeOneway(addrs[conn], request(code, body), Codes.TIMEOUT_MILLIS);
        }

        @Override
        public void close() {
            client.shutdown();
            if (attached != null) {
                try {
                    attached.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing " + attached, e);
                }
            }
        }
    }
}
