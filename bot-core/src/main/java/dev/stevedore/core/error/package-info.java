/**
 * Failures whose message is safe to show to users; everything else is an internal failure reported by incident id.
 */
@NullMarked
package dev.stevedore.core.error;

import org.jspecify.annotations.NullMarked;
