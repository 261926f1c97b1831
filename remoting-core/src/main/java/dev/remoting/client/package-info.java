/**
 * Declarative clients: interfaces whose methods carry {@link dev.remoting.annotation.RemotingExchange}, turned into
 * proxies by {@link dev.remoting.client.RemotingClientProxyFactory}. No Spring needed.
 *
 * <p>Types are non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package dev.remoting.client;

import org.jspecify.annotations.NullMarked;
