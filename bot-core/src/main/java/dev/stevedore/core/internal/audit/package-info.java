/** The JSON Lines audit log. */
@NullMarked
package dev.stevedore.core.internal.audit;

import org.jspecify.annotations.NullMarked;
