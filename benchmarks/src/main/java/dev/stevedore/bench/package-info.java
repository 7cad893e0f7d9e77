/** Loopback benchmarks for the speed targets of DESIGN.md section 8. */
@NullMarked
package dev.stevedore.bench;

import org.jspecify.annotations.NullMarked;
