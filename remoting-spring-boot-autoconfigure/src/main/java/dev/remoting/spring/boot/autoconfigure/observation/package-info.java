/**
 * A Micrometer {@link io.micrometer.observation.Observation} of every call a remoting server or client makes or
 * serves, through a {@link dev.remoting.RemotingInterceptor}: the {@code remoting.client.requests} and
 * {@code remoting.server.requests} timers, and spans whose trace context travels in the request's extFields.
 */
@NullMarked
package dev.remoting.spring.boot.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
