/**
 * The {@code /actuator/remoting} endpoint and its auto-configuration.
 */
@NullMarked
package dev.remoting.spring.boot.autoconfigure.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
