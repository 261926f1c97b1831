/**
 * The {@code remoting} health indicator and its auto-configuration.
 */
@NullMarked
package dev.remoting.spring.boot.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
