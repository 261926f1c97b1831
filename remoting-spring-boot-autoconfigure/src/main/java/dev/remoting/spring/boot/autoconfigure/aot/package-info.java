/**
 * Build-time (AOT) support: reflection and JDK-proxy hints for what the starter reaches reflectively at run time.
 */
@NullMarked
package dev.remoting.spring.boot.autoconfigure.aot;

import org.jspecify.annotations.NullMarked;
