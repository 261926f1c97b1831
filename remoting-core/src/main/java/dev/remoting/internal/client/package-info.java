/**
 * The client's side: the table of connections by address, name-server selection, TLS per address and the call
 * path with its GO_AWAY retry.
 *
 * <p>Internal: not API, and may change in any release without notice; use {@link dev.remoting.netty} and
 * {@link dev.remoting} instead.
 *
 * <p>Types are non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package dev.remoting.internal.client;

import org.jspecify.annotations.NullMarked;
