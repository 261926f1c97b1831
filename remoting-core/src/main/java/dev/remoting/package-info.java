/**
 * The remoting API: server and client interfaces, hooks, callbacks and listeners.
 *
 * <p>Types are non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package dev.remoting;

import org.jspecify.annotations.NullMarked;
