package dev.remoting.sample.client;

/** A problem that ends the run early, such as a broker that cannot be reached. */
class DemoException extends Exception {

    DemoException(String message) {
        super(message);
    }

    DemoException(String message, Throwable cause) {
        super(message, cause);
    }
}
