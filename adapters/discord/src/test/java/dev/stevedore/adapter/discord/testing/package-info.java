/** A loopback fake of Discord's REST API and gateway, for driving the real JDA in tests and benchmarks. */
@NullMarked
package dev.stevedore.adapter.discord.testing;

import org.jspecify.annotations.NullMarked;
