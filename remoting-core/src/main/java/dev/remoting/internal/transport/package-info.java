/**
 * The pipeline both sides build, its handlers, socket options and thread groups.
 *
 * <p>Internal: not API, and may change in any release without notice; use {@link dev.remoting.netty} and
 * {@link dev.remoting} instead.
 *
 * <p>Types are non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package dev.remoting.internal.transport;

import org.jspecify.annotations.NullMarked;
