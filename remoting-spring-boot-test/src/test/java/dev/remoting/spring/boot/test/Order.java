package dev.remoting.spring.boot.test;

/** A body of the tests' requests and responses. */
public record Order(String id, int quantity) {
}
