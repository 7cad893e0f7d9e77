/** The port to a Docker Engine and the engine's data as the bot uses it. */
@NullMarked
package dev.stevedore.core.engine;

import org.jspecify.annotations.NullMarked;
