/**
 * Request signing compatible with RocketMQ's ACL 1.0: a client hook that signs and a server hook that checks.
 *
 * <p>Types are non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package dev.remoting.auth;

import org.jspecify.annotations.NullMarked;
