/** The command bus implementation. */
@NullMarked
package dev.stevedore.core.internal.bus;

import org.jspecify.annotations.NullMarked;
