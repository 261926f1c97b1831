package dev.remoting.benchmark;

import dev.remoting.annotation.Address;
import dev.remoting.annotation.Body;
import dev.remoting.annotation.RemotingExchange;
import dev.remoting.client.RemotingClientProxyFactory;
import dev.remoting.netty.NettyRemotingClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * remoting-core's declarative client ({@link RemotingExchange}) over the same {@link NettyRemotingClient} and server
 * as "ours default", so that the two columns differ only by the proxy: what a declarative call costs over a
 * hand-built one.
 */
final class DeclarativeBench {

    private DeclarativeBench() {
    }

    /** The benchmark server's codes as a declarative interface; bodies are byte[], as in the hand-built client. */
    interface BenchApi {

        @RemotingExchange(code = Codes.ECHO)
        byte[] call(@Address String addr, @Body byte[] body) throws Exception;

        @RemotingExchange(code = Codes.ECHO)
        CompletableFuture<byte[]> callAsync(@Address String addr, @Body byte[] body);

        @RemotingExchange(code = Codes.ONEWAY, oneway = true)
        void oneway(@Address String addr, @Body byte[] body) throws Exception;

        @RemotingExchange(code = Codes.COUNT)
        byte[] count(@Address String addr, @Body byte[] body) throws Exception;

        @RemotingExchange(code = Codes.COUNT)
        CompletableFuture<byte[]> countAsync(@Address String addr, @Body byte[] body);

        @RemotingExchange(code = Codes.STATS)
        byte[] stats(@Address String addr, @Body byte[] body) throws Exception;
    }

    static final class Client implements BenchClient {
        private final NettyRemotingClient client;
        private final BenchApi api;
        private final String[] addrs;
        private volatile Cached cached;

        Client(List<String> addrs) {
            this.addrs = addrs.toArray(new String[0]);
            client = new NettyRemotingClient(OursBench.clientConfig(false));
            client.start();
            api = RemotingClientProxyFactory.builder(client)
                    .defaultTimeout(Duration.ofMillis(Codes.TIMEOUT_MILLIS))
                    .build()
                    .createClient(BenchApi.class);
        }

        @Override
        public byte[] sync(int conn, int code, byte[] body) throws Exception {
            return switch (code) {
                case Codes.ECHO -> api.call(addrs[conn], body);
                case Codes.COUNT -> api.count(addrs[conn], body);
                case Codes.STATS -> api.stats(addrs[conn], body);
                default -> throw new IllegalArgumentException("no declared call for code " + code);
            };
        }

        @Override
        public void async(int conn, int code, byte[] body, Listener listener) {
            CompletableFuture<byte[]> call = switch (code) {
                case Codes.ECHO -> api.callAsync(addrs[conn], body);
                case Codes.COUNT -> api.countAsync(addrs[conn], body);
                default -> throw new IllegalArgumentException("no declared async call for code " + code);
            };
            call.whenComplete(completion(listener));
        }

        /** One completion object per listener, not per call, so the harness adds no garbage of its own. */
        private BiConsumer<byte[], Throwable> completion(Listener listener) {
            Cached current = cached;
            if (current != null && current.listener() == listener) {
                return current.completion();
            }
            BiConsumer<byte[], Throwable> completion = listener::done;
            cached = new Cached(listener, completion);
            return completion;
        }

        private record Cached(Listener listener, BiConsumer<byte[], Throwable> completion) {
        }

        @Override
        public void oneway(int conn, int code, byte[] body) throws Exception {
            if (code != Codes.ONEWAY) {
                throw new IllegalArgumentException("no declared oneway call for code " + code);
            }
            api.oneway(addrs[conn], body);
        }

        @Override
        public void close() {
            client.shutdown();
        }
    }
}
