/** One handler per command record; each calls the engine gateway and builds a reply. */
@NullMarked
package dev.stevedore.core.internal.handler;

import org.jspecify.annotations.NullMarked;
