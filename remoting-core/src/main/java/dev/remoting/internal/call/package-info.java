/**
 * One call from start to end: its clock, the hook chain, permits, the response table and the endpoint both sides
 * share.
 *
 * <p>Internal: not API, and may change in any release without notice; use {@link dev.remoting.netty} and
 * {@link dev.remoting} instead.
 *
 * <p>Types are non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package dev.remoting.internal.call;

import org.jspecify.annotations.NullMarked;
