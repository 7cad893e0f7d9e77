package dev.stevedore.adapter.discord;

import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.auth.Platform;
import dev.stevedore.core.bus.ConversationRef;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.jspecify.annotations.Nullable;

/**
 * Who did something in Discord and where, in the core's terms.
 *
 * <p>The caller is the user id, the member's display name (for replies only, never for permissions) and the
 * member's role <b>ids</b> (never names: names can be renamed), taken from the interaction payload itself
 * ({@code member.roles}) so that roles missing from JDA's cache still count. The conversation is the guild id (empty
 * in a DM) and the channel id; in a thread, the channel is the thread's parent and the thread id is kept apart, so
 * channel allow-lists name ordinary channels.
 *
 * @param caller who
 * @param conversation where
 * @param direct true in a DM or group DM (no guild, so no member and no roles)
 */
record DiscordIdentity(Caller caller, ConversationRef conversation, boolean direct) {

    /**
     * Reads the identity of an interaction.
     *
     * @param interaction the interaction event (JDA's interaction events are both)
     * @return the identity
     */
    static DiscordIdentity of(Interaction interaction) {
        DataObject d = rawPayload(interaction);
        User user = interaction.getUser();
        Member member = interaction.getMember();
        Guild guild = interaction.getGuild();
        String guildId = guild != null ? guild.getId()
                : d != null ? d.getString("guild_id", "") : "";
        boolean direct = guildId.isEmpty();
        Set<String> roles = new LinkedHashSet<>();
        if (d != null && !d.isNull("member")) {
            DataArray raw = d.getObject("member").optArray("roles").orElseGet(DataArray::empty);
            for (int i = 0; i < raw.length(); i++) {
                roles.add(raw.getString(i));
            }
        } else if (member != null) {
            try {
                for (Role r : member.getRoles()) {
                    roles.add(r.getId());
                }
            } catch (RuntimeException detached) {
                // a member of a guild JDA does not cache has no role objects; the payload had none either
            }
        }
        String name = member != null ? member.getEffectiveName() : user.getEffectiveName();
        Caller caller = new Caller(Platform.DISCORD, user.getId(), name, roles);
        String channelId = interaction.getChannelId() != null ? interaction.getChannelId() : "";
        Optional<String> thread = Optional.empty();
        if (interaction.getChannelType().isThread()) {
            String parent = d != null ? d.optObject("channel").map(c -> c.getString("parent_id", "")).orElse("") : "";
            if (parent.isEmpty() && interaction.getChannel() != null) {
                try {
                    parent = ((net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel) interaction.getGuildChannel())
                            .getParentChannel().getId();
                } catch (RuntimeException e) {
                    parent = "";
                }
            }
            if (!parent.isEmpty()) {
                thread = Optional.of(channelId);
                channelId = parent;
            }
        }
        return new DiscordIdentity(caller, new ConversationRef(Platform.DISCORD, guildId, channelId, thread), direct);
    }

    private static @Nullable DataObject rawPayload(Interaction interaction) {
        if (!(interaction instanceof GenericEvent event)) {
            return null;
        }
        try {
            DataObject raw = event.getRawData();
            return raw == null ? null : raw.optObject("d").orElse(null);
        } catch (IllegalStateException passthroughOff) {
            return null;
        }
    }
}
