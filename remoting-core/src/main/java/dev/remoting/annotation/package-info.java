/**
 * RocketMQ's annotations for custom header fields, under their RocketMQ names so that header classes port unchanged.
 *
 * <p>Types are non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package dev.remoting.annotation;

import org.jspecify.annotations.NullMarked;
