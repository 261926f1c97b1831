/**
 * Auto-configuration of a remoting server, clients and request-handler executors from {@code remoting.*}.
 */
@NullMarked
package dev.remoting.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
