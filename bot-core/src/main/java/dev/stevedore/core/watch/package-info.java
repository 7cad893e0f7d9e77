/**
 * Team notifications when containers exit (DESIGN.md §6): the {@link dev.stevedore.core.watch.ExitWatcher} follows
 * the engine's event stream (never polling), and posts one alert per exit through the adapters'
 * {@link dev.stevedore.core.port.MessageSink}s to the conversations whose routes match the container; crash loops
 * become one alert edited in place. {@link dev.stevedore.core.watch.Notifications} holds what the command bus and the
 * watcher share: the routes, the mutes in force, and the exits the bot itself caused.
 */
@NullMarked
package dev.stevedore.core.watch;

import org.jspecify.annotations.NullMarked;
