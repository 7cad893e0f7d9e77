package dev.stevedore.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who may do what, and where the bot answers (YAML section {@code access}).
 *
 * @param roles roles by name; each value's {@link RoleConfig#name()} equals its key
 * @param bindings which users and groups get which role; every binding names a role in {@code roles}
 * @param channels where the bot answers at all
 * @param directMessages whether the bot answers in direct messages; default false
 */
public record AccessConfig(
        Map<String, RoleConfig> roles, List<BindingConfig> bindings, ChannelsConfig channels, boolean directMessages) {
    private static final AccessConfig EMPTY = new AccessConfig(Map.of(), List.of(), ChannelsConfig.none(), false);

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if a role is stored under a key other than its name, or a binding names a
     *     role that is not in {@code roles}
     */
    public AccessConfig {
        roles = Map.copyOf(roles);
        bindings = List.copyOf(bindings);
        Objects.requireNonNull(channels, "channels");
        for (Map.Entry<String, RoleConfig> role : roles.entrySet()) {
            if (!role.getKey().equals(role.getValue().name())) {
                throw new IllegalArgumentException("role '" + role.getValue().name() + "' is stored under key '"
                        + role.getKey() + "'");
            }
        }
        for (BindingConfig binding : bindings) {
            if (!roles.containsKey(binding.role())) {
                throw new IllegalArgumentException("binding names unknown role '" + binding.role() + "'");
            }
        }
    }

    /**
     * No roles, no bindings, no channels, no direct messages: nobody may do anything anywhere.
     *
     * @return the empty access configuration
     */
    public static AccessConfig empty() {
        return EMPTY;
    }

    /**
     * Whether any binding names a shell (local terminal) user.
     *
     * @return true if at least one binding's {@link BindingConfig#shell()} lists a user
     */
    public boolean hasShellBindings() {
        return bindings.stream().anyMatch(binding -> !binding.shell().users().isEmpty());
    }
}
