/**
 * Declarative clients as beans: what {@link dev.remoting.spring.annotation.ImportRemotingClients} registers.
 */
@NullMarked
package dev.remoting.spring.boot.autoconfigure.client;

import org.jspecify.annotations.NullMarked;
