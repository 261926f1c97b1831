package dev.remoting.demo;

import dev.remoting.InvokeCallback;
import dev.remoting.annotation.CFNotNull;
import dev.remoting.exception.RemotingCommandException;
import dev.remoting.netty.NettyClientConfig;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.netty.NettyServerConfig;
import dev.remoting.ResponseFuture;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The README's first command until the sample apps exist: a server and a client on loopback doing every kind of
 * call once, then a short burst of async calls. Exits non-zero if anything does not answer as expected.
 */
public final class CoreDemo {

    static final int GREET = 1000;
    static final int LOG = 1001;
    static final int NOTIFY_CLIENT = 40;

    /** Request header: travels as extFields {"name": ..., "times": ...}. */
    public static final class GreetHeader implements CommandCustomHeader {
        @CFNotNull
        String name;
        int times = 1;

        @Override
        public void checkFields() throws RemotingCommandException {
            if (times < 1) {
                throw new RemotingCommandException("times must be at least 1");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        NettyRemotingServer server = new NettyRemotingServer(new NettyServerConfig());
        NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());
        AtomicInteger onewayReceived = new AtomicInteger();
        AtomicReference<Channel> clientChannel = new AtomicReference<>();
        server.registerProcessor(GREET, (ctx, request) -> {
            clientChannel.set(ctx.channel());
            GreetHeader header = request.decodeCommandCustomHeader(GreetHeader.class);
            RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
            response.setBody(("hello " + header.name + " ").repeat(header.times).trim()
                    .getBytes(StandardCharsets.UTF_8));
            return response;
        }, null);
        server.registerProcessor(LOG, (ctx, request) -> {
            onewayReceived.incrementAndGet();
            return null;
        }, null);
        CountDownLatch notified = new CountDownLatch(1);
        client.registerProcessor(NOTIFY_CLIENT, (ctx, request) -> {
            notified.countDown();
            return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, "client got it");
        }, null);
        server.start();
        client.start();
        String addr = "127.0.0.1:" + server.localListenPort();
        System.out.println("server listening on " + addr);
        try {
            for (SerializeType type : SerializeType.values()) {
                GreetHeader header = new GreetHeader();
                header.name = "remoting";
                header.times = 2;
                RemotingCommand request = RemotingCommand.createRequestCommand(GREET, header);
                request.setSerializeTypeCurrentRPC(type);
                RemotingCommand response = client.invokeSync(addr, request, 3000);
                check(response.getCode() == 0, "sync call failed: " + response);
                System.out.printf("sync  [%s] -> code=%d body='%s' (response header type %s)%n", type,
                        response.getCode(), new String(response.getBody(), StandardCharsets.UTF_8),
                        response.getSerializeTypeCurrentRPC());
            }

            RemotingCommand missing = client.invokeSync(addr, RemotingCommand.createRequestCommand(GREET,
                    new GreetHeader()), 3000);
            System.out.printf("sync  [missing header field] -> code=%d remark='%s'%n", missing.getCode(),
                    missing.getRemark());
            check(missing.getCode() == RemotingSysResponseCode.SYSTEM_ERROR, "missing field was not rejected");

            RemotingCommand unknown = client.invokeSync(addr, RemotingCommand.createRequestCommand(4242, null), 3000);
            System.out.printf("sync  [unknown code] -> code=%d remark='%s'%n", unknown.getCode(), unknown.getRemark());

            GreetHeader asyncHeader = new GreetHeader();
            asyncHeader.name = "async";
            RemotingCommand response = client.invoke(addr, RemotingCommand.createRequestCommand(GREET, asyncHeader),
                    3000).get(3, TimeUnit.SECONDS);
            System.out.printf("async -> code=%d body='%s'%n", response.getCode(),
                    new String(response.getBody(), StandardCharsets.UTF_8));

            client.invokeOneway(addr, RemotingCommand.createRequestCommand(LOG, null), 3000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (onewayReceived.get() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            check(onewayReceived.get() == 1, "oneway request did not arrive");
            System.out.println("oneway -> received by the server");

            RemotingCommand back = server.invokeSync(clientChannel.get(),
                    RemotingCommand.createRequestCommand(NOTIFY_CLIENT, null), 3000);
            check(notified.await(3, TimeUnit.SECONDS), "client processor was not called");
            System.out.printf("server -> client on the same connection -> code=%d remark='%s'%n", back.getCode(),
                    back.getRemark());

            burst(client, addr);
        } finally {
            client.shutdown();
            server.shutdown();
        }
        System.out.println("demo finished: all calls answered");
    }

    private static void burst(NettyRemotingClient client, String addr) throws Exception {
        int calls = 20_000;
        CountDownLatch done = new CountDownLatch(calls);
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            GreetHeader header = new GreetHeader();
            header.name = "n" + i;
            client.invokeAsync(addr, RemotingCommand.createRequestCommand(GREET, header), 5000, new InvokeCallback() {
                @Override
                public void operationComplete(ResponseFuture responseFuture) {
                    done.countDown();
                }

                @Override
                public void operationFail(Throwable throwable) {
                    failures.incrementAndGet();
                }
            });
        }
        check(done.await(30, TimeUnit.SECONDS), "burst did not finish");
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("burst -> %d async calls in %.2fs (%.0f calls/s), %d failed%n", calls, seconds,
                calls / seconds, failures.get());
        check(failures.get() == 0, "some async calls failed");
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
