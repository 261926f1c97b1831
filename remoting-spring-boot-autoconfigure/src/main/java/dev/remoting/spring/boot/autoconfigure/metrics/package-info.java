/**
 * Micrometer meters of remoting servers, clients and executors, and their auto-configuration.
 */
@NullMarked
package dev.remoting.spring.boot.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
