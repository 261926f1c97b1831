/**
 * Failure analyzers that turn the starter's start-up failures into a description and an action.
 */
@NullMarked
package dev.remoting.spring.boot.autoconfigure.diagnostics;

import org.jspecify.annotations.NullMarked;
