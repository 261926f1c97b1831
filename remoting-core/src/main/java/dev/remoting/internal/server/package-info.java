/**
 * The server's side: request dispatch, processors, PROXY protocol and TLS detection, the connection cap.
 *
 * <p>Internal: not API, and may change in any release without notice; use {@link dev.remoting.netty} and
 * {@link dev.remoting} instead.
 *
 * <p>Types are non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package dev.remoting.internal.server;

import org.jspecify.annotations.NullMarked;
