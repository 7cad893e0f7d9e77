/** The command bus and the neutral invocation types adapters produce. */
@NullMarked
package dev.stevedore.core.bus;

import org.jspecify.annotations.NullMarked;
