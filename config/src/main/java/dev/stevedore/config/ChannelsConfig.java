package dev.stevedore.config;

import java.util.List;

/**
 * The channels where the bot answers at all ({@code access.channels}); a platform with no channels listed gets no
 * answers in any channel (direct messages are governed by {@link AccessConfig#directMessages()}).
 *
 * @param slack Slack channel ids such as {@code C0123ABCD}
 * @param discord Discord channel ids (numeric snowflakes)
 */
public record ChannelsConfig(List<String> slack, List<String> discord) {
    private static final ChannelsConfig NONE = new ChannelsConfig(List.of(), List.of());

    /** Copies. */
    public ChannelsConfig {
        slack = List.copyOf(slack);
        discord = List.copyOf(discord);
    }

    /**
     * No channels on any platform.
     *
     * @return an instance with both lists empty
     */
    public static ChannelsConfig none() {
        return NONE;
    }
}
