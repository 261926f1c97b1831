package dev.remoting.benchmark;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The server JVM: {@code ServerMain <implementation> <businessThreads> <bindAddress>}. Prints {@code PORT <n>} on
 * stdout once listening and runs until its stdin closes (the harness closes it, or the harness died).
 */
public final class ServerMain {

    static final String PORT_LINE = "PORT ";

    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ServerMain <implementation> <businessThreads> <bindAddress>");
            System.exit(2);
        }
        Implementation impl = Implementation.byId(args[0]);
        int businessThreads = Integer.parseInt(args[1]);
        ExecutorService business = Executors.newFixedThreadPool(businessThreads,
                new DefaultThreadFactory("BenchBusiness", true));
        BenchServer server = impl.newServer(business, new ServerCounters());
        int port = server.start(args[2]);
        System.out.println(PORT_LINE + port);
        System.out.flush();

        byte[] ignored = new byte[256];
        while (System.in.read(ignored) >= 0) {
            // Nothing is sent on stdin: end of input means "stop".
        }
        Thread closer = new Thread(server::close, "close");
        closer.setDaemon(true);
        closer.start();
        closer.join(3000);
        business.shutdownNow();
        System.exit(0);
    }
}
