/** The executable: configuration, engine connection, core wiring and adapters. */
@NullMarked
package dev.stevedore.app;

import org.jspecify.annotations.NullMarked;
