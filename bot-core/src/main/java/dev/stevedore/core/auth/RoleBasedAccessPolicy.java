package dev.stevedore.core.auth;

import dev.stevedore.config.AccessConfig;
import dev.stevedore.config.BindingConfig;
import dev.stevedore.config.PlatformIds;
import dev.stevedore.config.RoleConfig;
import dev.stevedore.core.bus.ConversationRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@link AccessPolicy} driven by the {@code access} section of the configuration: roles name the verbs they
 * allow ({@code "*"} for all), optionally limited to container name globs, labels and channels; bindings give roles
 * to platform user ids and group ids. Deny by default.
 *
 * <p>Chat conversations must also be in {@code access.channels} (none listed = nowhere), and direct messages are
 * refused unless {@code access.directMessages} is true. The shell's local user is an administrator unless some
 * binding names shell users, in which case only those bindings count. Immutable and thread-safe.
 */
public final class RoleBasedAccessPolicy implements AccessPolicy {
    private final AccessConfig config;
    private final boolean shellIsAdmin;

    /**
     * Creates the policy.
     *
     * @param config the access section
     */
    public RoleBasedAccessPolicy(AccessConfig config) {
        this.config = config;
        this.shellIsAdmin = !config.hasShellBindings();
    }

    @Override
    public AccessDecision checkVerb(Caller caller, String verb, ConversationRef conversation) {
        if (caller.platform() == Platform.SHELL && shellIsAdmin) {
            return AccessDecision.allow();
        }
        AccessDecision where = checkConversation(conversation);
        if (!where.allowed()) {
            return where;
        }
        for (RoleConfig role : rolesOf(caller)) {
            if (allowsVerb(role, verb) && inChannels(role, conversation)) {
                return AccessDecision.allow();
            }
        }
        return new AccessDecision.Denied("you are not allowed to run " + verb
                + (rolesOf(caller).isEmpty() ? " (you have no role here; ask an admin)" : ""));
    }

    @Override
    public AccessDecision checkContainer(
            Caller caller, String verb, ConversationRef conversation, ContainerScope container) {
        if (caller.platform() == Platform.SHELL && shellIsAdmin) {
            return AccessDecision.allow();
        }
        for (RoleConfig role : rolesOf(caller)) {
            if (allowsVerb(role, verb) && inChannels(role, conversation) && covers(role, container)) {
                return AccessDecision.allow();
            }
        }
        return new AccessDecision.Denied("you are not allowed to run " + verb + " on " + container.name());
    }

    private AccessDecision checkConversation(ConversationRef conversation) {
        if (conversation.platform() == Platform.SHELL) {
            return AccessDecision.allow();
        }
        if (conversation.workspace().isEmpty()) {
            return config.directMessages() ? AccessDecision.allow()
                    : new AccessDecision.Denied("direct messages are turned off; use a channel the bot is in");
        }
        List<String> channels = conversation.platform() == Platform.SLACK ? config.channels().slack()
                : config.channels().discord();
        return channels.contains(conversation.channelId()) ? AccessDecision.allow()
                : new AccessDecision.Denied("the bot does not take commands in this channel");
    }

    private List<RoleConfig> rolesOf(Caller caller) {
        List<RoleConfig> roles = new ArrayList<>();
        for (BindingConfig b : config.bindings()) {
            PlatformIds ids = switch (caller.platform()) {
                case SLACK -> b.slack();
                case DISCORD -> b.discord();
                case SHELL -> b.shell();
            };
            boolean match = ids.users().contains(caller.userId())
                    || ids.groups().stream().anyMatch(caller.groups()::contains);
            RoleConfig role = config.roles().get(b.role());
            if (match && role != null && !roles.contains(role)) {
                roles.add(role);
            }
        }
        return roles;
    }

    private static boolean allowsVerb(RoleConfig role, String verb) {
        return role.allow().contains("*") || role.allow().contains(verb);
    }

    private static boolean inChannels(RoleConfig role, ConversationRef conversation) {
        return role.channels().isEmpty() || conversation.platform() == Platform.SHELL
                || role.channels().contains(conversation.channelId());
    }

    private static boolean covers(RoleConfig role, ContainerScope c) {
        boolean name = role.containers().isEmpty()
                || role.containers().stream().anyMatch(g -> glob(g).matcher(c.name()).matches());
        boolean labels = true;
        for (Map.Entry<String, String> e : role.labels().entrySet()) {
            labels &= e.getValue().equals(c.labels().get(e.getKey()));
        }
        return name && labels;
    }

    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            if (ch == '*') {
                re.append(".*");
            } else if (ch == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
