/**
 * Annotations: RocketMQ's for custom header fields, under their RocketMQ names so that header classes port unchanged,
 * and ours for declarative clients ({@link dev.remoting.annotation.RemotingExchange}) and typed bodies.
 *
 * <p>Types are non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package dev.remoting.annotation;

import org.jspecify.annotations.NullMarked;
