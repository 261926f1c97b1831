/**
 * Test support for applications on the remoting starter, in the way of Spring Boot's own test modules.
 *
 * <p>Types are non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package dev.remoting.spring.boot.test;

import org.jspecify.annotations.NullMarked;
