/**
 * The exit watcher's implementation: the event subscription with backoff and replay, de-duplication, routing,
 * crash-loop coalescing and the alert texts.
 */
@NullMarked
package dev.stevedore.core.internal.watch;

import org.jspecify.annotations.NullMarked;
