package dev.remoting.benchmark;

import io.netty.channel.ChannelHandlerContext;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.apache.rocketmq.remoting.InvokeCallback;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.netty.NettyRemotingServer;
import org.apache.rocketmq.remoting.netty.NettyRequestProcessor;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.apache.rocketmq.remoting.netty.ResponseFuture;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RemotingSysResponseCode;

/** Apache RocketMQ remoting 5.3.1, default configuration (only the port is ephemeral). */
final class RocketMQBench {

    private RocketMQBench() {
    }

    /** A processor; RocketMQ's interface has no default for {@code rejectRequest()}. */
    private interface Handler extends NettyRequestProcessor {
        @Override
        default boolean rejectRequest() {
            return false;
        }
    }

    static final class Server implements BenchServer {
        private final ExecutorService business;
        private final ServerCounters counters;
        private NettyRemotingServer server;

        Server(ExecutorService business, ServerCounters counters) {
            this.business = business;
            this.counters = counters;
        }

        @Override
        public int start(String bindAddress) {
            NettyServerConfig config = new NettyServerConfig();
            config.setBindAddress(bindAddress);
            config.setListenPort(0);
            server = new NettyRemotingServer(config);
            server.registerProcessor(Codes.ECHO, (Handler) (ChannelHandlerContext ctx, RemotingCommand request) -> {
                RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS,
                        null);
                response.setBody(request.getBody());
                return response;
            }, business);
            server.registerProcessor(Codes.ONEWAY, (Handler) (ChannelHandlerContext ctx, RemotingCommand request) -> {
                counters.onewayReceived();
                return null;
            }, business);
            Handler answer = (ctx, request) -> {
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
        private final QuickStopClient client;
        private final String[] addrs;
        private volatile Cached cached;

        Client(List<String> addrs) {
            this.addrs = addrs.toArray(new String[0]);
            client = new QuickStopClient(new NettyClientConfig());
            client.start();
        }

        private static RemotingCommand request(int code, byte[] body) {
            RemotingCommand request = RemotingCommand.createRequestCommand(code, null);
            request.setBody(body);
            return request;
        }

        private static byte[] bodyOf(RemotingCommand response) {
            if (response == null) {
                throw new IllegalStateException("no response");
            }
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

        /**
         * One callback object per listener, not per call. RocketMQ 5.3.1 calls {@code operationComplete} and then
         * exactly one of {@code operationSucceed} / {@code operationFail}; the listener hears only the latter.
         */
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
        }
    }

    /**
     * RocketMQ's client, stopping its event thread with an interrupt: the plain {@code shutdown()} joins a thread
     * that polls its queue every 3 s without interrupting it, which would cost 3 s per run. Nothing else changes.
     */
    private static final class QuickStopClient extends NettyRemotingClient {

        QuickStopClient(NettyClientConfig config) {
            super(config);
        }

        @Override
        public void shutdown() {
            ((org.apache.rocketmq.common.ServiceThread) nettyEventExecutor).shutdown(true);
            super.shutdown();
        }
    }
}
