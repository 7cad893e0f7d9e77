/**
 * The Discord adapter: the {@code /docker} slash command (one subcommand per catalog command, generated from the
 * core's {@link dev.stevedore.core.command.CommandCatalog}, plus {@code /docker cli}), container and image
 * autocomplete, confirmation buttons, and a {@link dev.stevedore.core.port.MessageSink} on channel messages, all on
 * JDA.
 *
 * <p>Threading: JDA delivers events on its gateway thread; nothing here blocks it. Every interaction is acknowledged
 * at once with {@code deferReply}/{@code deferEdit} (always {@code queue()}, never {@code complete()}), the work runs
 * on the command bus executor, and the answer goes back through the interaction hook (CASES.md P22).
 *
 * <p>Everything sent to Discord is rendered by {@link dev.stevedore.adapter.discord.DiscordReplyRenderer}: within
 * Discord's 2000/4096/6000-character limits, with Docker-sourced backtick runs broken and no mentions allowed
 * (CASES.md P23, P24, P28).
 */
@NullMarked
package dev.stevedore.adapter.discord;

import org.jspecify.annotations.NullMarked;
