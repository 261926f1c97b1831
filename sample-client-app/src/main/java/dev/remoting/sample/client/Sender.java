package dev.remoting.sample.client;

/** Sends the run's messages in one of the modes, recording each send in the run's {@link SendLedger}. */
interface Sender {

    /**
     * Sends messages {@code 0} to {@code count - 1}, or fewer when too many fail, and returns once each has been
     * answered or has failed (ONEWAY: once each has been handed to the client).
     */
    void sendAll() throws DemoException, InterruptedException;
}
