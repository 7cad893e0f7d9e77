/** Ports the adapters implement for the core: posting and editing messages outside a command's reply. */
@NullMarked
package dev.stevedore.core.port;

import org.jspecify.annotations.NullMarked;
