package dev.remoting.spring.boot.autoconfigure.diagnostics;

import dev.remoting.exception.RemotingServerBindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A remoting server that cannot listen, said as Boot says it of its web server's port: which port or address, the
 * property that set it, and what to change. The properties named are those of the auto-configured server; a server
 * the application builds itself fails the same way.
 */
class RemotingServerBindFailureAnalyzer extends AbstractFailureAnalyzer<RemotingServerBindException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RemotingServerBindException cause) {
        String address = cause.getBindAddress();
        int port = cause.getPort();
        if (cause.isPortInUse()) {
            return new FailureAnalysis("The remoting server could not start: port " + port + " (remoting.server.port)"
                    + " is already in use on " + address + ".",
                    "Stop the process that listens on port " + port + ", or set remoting.server.port to another port"
                            + " (remoting.server.port=0 picks a free one and publishes it as"
                            + " local.remoting.server.port).", cause);
        }
        if (cause.isAddressUnavailable()) {
            return new FailureAnalysis("The remoting server could not start: " + address
                    + " (remoting.server.bind-address) is not an address of this host, so it cannot listen on "
                    + address + ":" + port + ".",
                    "Set remoting.server.bind-address to an address of this host, or remove it to listen on all of "
                            + "them (0.0.0.0).", cause);
        }
        return new FailureAnalysis("The remoting server could not listen on " + address + ":" + port
                + " (remoting.server.bind-address, remoting.server.port): " + causeMessage(cause) + ".",
                "Check remoting.server.bind-address and remoting.server.port.", cause);
    }

    private static String causeMessage(RemotingServerBindException failure) {
        Throwable cause = failure.getCause();
        String message = cause == null ? null : cause.getMessage();
        return message != null ? message : cause != null ? cause.getClass().getName() : "unknown cause";
    }
}
