package dev.remoting.benchmark;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark server in its own JVM: {@code java <jvmArgs> -cp <this JVM's class path> ServerMain ...}. Every
 * implementation gets the same JVM arguments. Closing stdin stops it.
 */
final class ServerProcess implements AutoCloseable {

    private final Implementation impl;
    private final Process process;
    private final int port;

    private ServerProcess(Implementation impl, Process process, int port) {
        this.impl = impl;
        this.process = process;
        this.port = port;
    }

    /** Starts the server JVM without waiting for it; {@link Starting#await()} returns it once it listens. */
    static Starting launch(Implementation impl, List<String> jvmArgs, int businessThreads, String bindAddress)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ServerMain.class.getName());
        command.add(impl.id());
        command.add(Integer.toString(businessThreads));
        command.add(bindAddress);
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (!port.isDone() && line.startsWith(ServerMain.PORT_LINE)) {
                        port.complete(Integer.parseInt(line.substring(ServerMain.PORT_LINE.length()).trim()));
                    } else {
                        System.err.println("[server " + impl.id() + "] " + line);
                    }
                }
            } catch (IOException | RuntimeException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IllegalStateException("server " + impl.id() + " exited before listening"));
        }, "server-" + impl.id() + "-stdout");
        reader.setDaemon(true);
        reader.start();
        return new Starting(impl, process, port);
    }

    /** A server JVM that may not be listening yet. */
    record Starting(Implementation impl, Process process, CompletableFuture<Integer> port) {
        ServerProcess await() throws Exception {
            try {
                return new ServerProcess(impl, process, port.get(60, TimeUnit.SECONDS));
            } catch (Exception e) {
                process.destroyForcibly();
                throw new IllegalStateException("server " + impl.id() + " did not start: " + e, e);
            }
        }
    }

    Implementation impl() {
        return impl;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
