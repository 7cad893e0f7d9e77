package dev.stevedore.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.config.AccessConfig;
import dev.stevedore.config.BindingConfig;
import dev.stevedore.config.ChannelsConfig;
import dev.stevedore.config.PlatformIds;
import dev.stevedore.config.RoleConfig;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.testing.Invocations;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RoleBasedAccessPolicyTest {
    private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final ConversationRef C1 = Invocations.slackChannel("C1");
    private static final ConversationRef D1 = Invocations.discordChannel("200000000000000001");

    private static final RoleConfig ADMIN = new RoleConfig("admin", List.of("*"), List.of(), Map.of(), List.of());
    private static final RoleConfig VIEWER =
            new RoleConfig("viewer", List.of("ps", "logs", "help"), List.of(), Map.of(), List.of());
    private static final RoleConfig OPERATOR = new RoleConfig("operator", List.of("start", "stop", "logs"),
            List.of("app-*"), Map.of("team", "web"), List.of());

    private static ContainerScope container(String name, Map<String, String> labels) {
        return new ContainerScope(ID, name, labels);
    }

    private static AccessConfig config(List<RoleConfig> roles, List<BindingConfig> bindings, ChannelsConfig channels,
            boolean directMessages) {
        return new AccessConfig(roles.stream().collect(Collectors.toMap(RoleConfig::name, r -> r)), bindings,
                channels, directMessages);
    }

    private static BindingConfig slack(String role, List<String> users, List<String> groups) {
        return new BindingConfig(role, new PlatformIds(users, groups), PlatformIds.none(), PlatformIds.none());
    }

    private static BindingConfig discord(String role, List<String> users, List<String> roleIds) {
        return new BindingConfig(role, PlatformIds.none(), new PlatformIds(users, roleIds), PlatformIds.none());
    }

    private static BindingConfig shell(String role, String... users) {
        return new BindingConfig(role, PlatformIds.none(), PlatformIds.none(),
                new PlatformIds(List.of(users), List.of()));
    }

    private static ChannelsConfig slackChannels(String... ids) {
        return new ChannelsConfig(List.of(ids), List.of());
    }

    private static String reason(AccessDecision d) {
        assertThat(d).isInstanceOf(AccessDecision.Denied.class);
        return ((AccessDecision.Denied) d).reason();
    }

    // =====================================================================================================
    @Nested
    class DenyByDefault {
        private final RoleBasedAccessPolicy nothing = new RoleBasedAccessPolicy(AccessConfig.empty());

        @Test
        void checkVerb_emptyConfig_deniesEveryChatCaller() {
            assertThat(nothing.checkVerb(Invocations.slackUser("U1"), "ps", C1).allowed()).isFalse();
            assertThat(nothing.checkVerb(Invocations.discordUser("1"), "help", D1).allowed()).isFalse();
            assertThat(nothing.checkContainer(Invocations.slackUser("U1"), "logs", C1,
                    container("web", Map.of())).allowed()).isFalse();
        }

        @Test
        void checkVerb_listedChannelButNoBinding_saysTheCallerHasNoRole() {
            RoleBasedAccessPolicy policy = new RoleBasedAccessPolicy(
                    config(List.of(ADMIN), List.of(slack("admin", List.of("UADMIN"), List.of())),
                            slackChannels("C1"), false));

            assertThat(reason(policy.checkVerb(Invocations.slackUser("U1"), "ps", C1)))
                    .isEqualTo("you are not allowed to run ps (you have no role here; ask an admin)");
        }

        @Test
        void checkVerb_roleWithoutTheVerb_isDeniedWithoutTheNoRoleHint() {
            RoleBasedAccessPolicy policy = new RoleBasedAccessPolicy(
                    config(List.of(VIEWER), List.of(slack("viewer", List.of("U1"), List.of())),
                            slackChannels("C1"), false));

            assertThat(policy.checkVerb(Invocations.slackUser("U1"), "ps", C1).allowed()).isTrue();
            assertThat(reason(policy.checkVerb(Invocations.slackUser("U1"), "rm", C1)))
                    .isEqualTo("you are not allowed to run rm");
        }

        @Test
        void checkVerb_bindingOfAnotherPlatform_doesNotApply() {
            RoleBasedAccessPolicy policy = new RoleBasedAccessPolicy(
                    config(List.of(ADMIN), List.of(slack("admin", List.of("42"), List.of())),
                            new ChannelsConfig(List.of("C1"), List.of(D1.channelId())), false));

            assertThat(policy.checkVerb(Invocations.slackUser("42"), "rm", C1).allowed()).isTrue();
            assertThat(policy.checkVerb(Invocations.discordUser("42"), "rm", D1).allowed()).isFalse();
        }
    }

    // =====================================================================================================
    @Nested
    class Shell {
        @Test
        void checkVerb_noShellBindings_makeTheLocalUserAdmin() {
            RoleBasedAccessPolicy policy = new RoleBasedAccessPolicy(AccessConfig.empty());
            Caller anyone = Invocations.shellUser("whoever");

            assertThat(policy.checkVerb(anyone, "rm", ConversationRef.shell()).allowed()).isTrue();
            assertThat(policy.checkContainer(anyone, "rm", ConversationRef.shell(),
                    container("db", Map.of())).allowed()).isTrue();
        }

        @Test
        void checkVerb_chatBindingsOnly_stillMakeTheLocalUserAdmin() {
            RoleBasedAccessPolicy policy = new RoleBasedAccessPolicy(config(List.of(VIEWER),
                    List.of(slack("viewer", List.of("U1"), List.of())), slackChannels("C1"), false));

            assertThat(policy.checkVerb(Invocations.shellUser("alice"), "rm", ConversationRef.shell()).allowed())
                    .isTrue();
        }

        @Test
        void checkVerb_withShellBindings_onlyThoseUsersWithTheirRoles() {
            RoleBasedAccessPolicy policy = new RoleBasedAccessPolicy(config(List.of(ADMIN, VIEWER),
                    List.of(shell("viewer", "alice"), shell("admin", "root")), ChannelsConfig.none(), false));
            ConversationRef tty = ConversationRef.shell();

            assertThat(policy.checkVerb(Invocations.shellUser("alice"), "ps", tty).allowed()).isTrue();
            assertThat(policy.checkVerb(Invocations.shellUser("alice"), "rm", tty).allowed()).isFalse();
            assertThat(policy.checkVerb(Invocations.shellUser("root"), "rm", tty).allowed()).isTrue();
            assertThat(policy.checkVerb(Invocations.shellUser("mallory"), "ps", tty).allowed()).isFalse();
            assertThat(policy.checkContainer(Invocations.shellUser("mallory"), "ps", tty,
                    container("web", Map.of())).allowed()).isFalse();
        }
    }

    // =====================================================================================================
    @Nested
    class Conversations {
        private final AccessConfig base = config(List.of(ADMIN),
                List.of(slack("admin", List.of("U1"), List.of()), discord("admin", List.of("300000000000000001"),
                        List.of())),
                new ChannelsConfig(List.of("C1"), List.of(D1.channelId())), false);

        @Test
        void checkVerb_channelNotListed_isDeniedEvenForAnAdmin() {
            RoleBasedAccessPolicy policy = new RoleBasedAccessPolicy(base);

            assertThat(reason(policy.checkVerb(Invocations.slackUser("U1"), "ps", Invocations.slackChannel("C2"))))
                    .isEqualTo("the bot does not take commands in this channel");
            assertThat(policy.checkVerb(Invocations.slackUser("U1"), "ps", C1).allowed()).isTrue();
        }

        @Test
        void checkVerb_slackChannelIdListedOnlyForDiscord_isDenied() {
            RoleBasedAccessPolicy policy = new RoleBasedAccessPolicy(base);

            assertThat(policy.checkVerb(Invocations.slackUser("U1"), "ps",
                    Invocations.slackChannel(D1.channelId())).allowed()).isFalse();
        }

        @Test
        void checkVerb_directMessage_isDeniedUnlessEnabled() {
            RoleBasedAccessPolicy off = new RoleBasedAccessPolicy(base);
            RoleBasedAccessPolicy on = new RoleBasedAccessPolicy(
                    new AccessConfig(base.roles(), base.bindings(), base.channels(), true));
            ConversationRef dm = Invocations.slackDm("D0001");

            assertThat(reason(off.checkVerb(Invocations.slackUser("U1"), "ps", dm)))
                    .isEqualTo("direct messages are turned off; use a channel the bot is in");
            assertThat(on.checkVerb(Invocations.slackUser("U1"), "ps", dm).allowed()).isTrue();
            assertThat(on.checkVerb(Invocations.slackUser("U2"), "ps", dm).allowed())
                    .as("a DM still needs a role").isFalse();
        }

        @Test
        void checkVerb_roleLimitedToChannels_appliesOnlyThere() {
            RoleConfig here = new RoleConfig("ops", List.of("*"), List.of(), Map.of(), List.of("C2"));
            RoleBasedAccessPolicy policy = new RoleBasedAccessPolicy(config(List.of(here),
                    List.of(slack("ops", List.of("U1"), List.of())), slackChannels("C1", "C2"), false));

            assertThat(policy.checkVerb(Invocations.slackUser("U1"), "rm", Invocations.slackChannel("C2")).allowed())
                    .isTrue();
            assertThat(policy.checkVerb(Invocations.slackUser("U1"), "rm", C1).allowed()).isFalse();
        }
    }

    // =====================================================================================================
    @Nested
    class Groups {
        @Test
        void checkVerb_discordRoleIds_actAsGroups() {
            RoleBasedAccessPolicy policy = new RoleBasedAccessPolicy(config(List.of(ADMIN),
                    List.of(discord("admin", List.of(), List.of("987654321098765432"))),
                    new ChannelsConfig(List.of(), List.of(D1.channelId())), false));

            assertThat(policy.checkVerb(Invocations.discordUser("111", "555", "987654321098765432"), "rm", D1)
                    .allowed()).isTrue();
            assertThat(policy.checkVerb(Invocations.discordUser("111", "555"), "rm", D1).allowed()).isFalse();
        }

        @Test
        void checkVerb_roleNameInsteadOfId_grantsNothing() {
            RoleBasedAccessPolicy policy = new RoleBasedAccessPolicy(config(List.of(ADMIN),
                    List.of(discord("admin", List.of(), List.of("987654321098765432"))),
                    new ChannelsConfig(List.of(), List.of(D1.channelId())), false));

            assertThat(policy.checkVerb(Invocations.discordUser("111", "admin"), "ps", D1).allowed()).isFalse();
        }

        @Test
        void checkVerb_slackUserGroup_grantsItsRole() {
            RoleBasedAccessPolicy policy = new RoleBasedAccessPolicy(config(List.of(VIEWER),
                    List.of(slack("viewer", List.of(), List.of("S0123ABCD"))), slackChannels("C1"), false));

            assertThat(policy.checkVerb(Invocations.slackUser("U9", "S0123ABCD"), "logs", C1).allowed()).isTrue();
            assertThat(policy.checkVerb(Invocations.slackUser("U9"), "logs", C1).allowed()).isFalse();
        }

        @Test
        void checkVerb_severalRoles_unionTheirVerbs() {
            RoleBasedAccessPolicy policy = new RoleBasedAccessPolicy(config(List.of(VIEWER, OPERATOR),
                    List.of(slack("viewer", List.of("U1"), List.of()), slack("operator", List.of(), List.of("S1"))),
                    slackChannels("C1"), false));
            Caller both = Invocations.slackUser("U1", "S1");

            assertThat(policy.checkVerb(both, "ps", C1).allowed()).isTrue();
            assertThat(policy.checkVerb(both, "stop", C1).allowed()).isTrue();
            assertThat(policy.checkVerb(both, "rm", C1).allowed()).isFalse();
        }
    }

    // =====================================================================================================
    @Nested
    class ContainerScopes {
        private final RoleBasedAccessPolicy policy = new RoleBasedAccessPolicy(config(List.of(OPERATOR, VIEWER),
                List.of(slack("operator", List.of("U2"), List.of()), slack("viewer", List.of("U3"), List.of())),
                slackChannels("C1"), false));
        private final Caller operator = Invocations.slackUser("U2");

        @Test
        void checkContainer_nameGlobAndLabelBothMatch_isAllowed() {
            assertThat(policy.checkContainer(operator, "stop", C1,
                    container("app-1", Map.of("team", "web", "env", "prod"))).allowed()).isTrue();
        }

        @Test
        void checkContainer_nameOutsideTheGlob_isDeniedNamingTheContainer() {
            assertThat(reason(policy.checkContainer(operator, "stop", C1, container("db", Map.of("team", "web")))))
                    .isEqualTo("you are not allowed to run stop on db");
        }

        @Test
        void checkContainer_labelMissingOrDifferent_isDenied() {
            assertThat(policy.checkContainer(operator, "stop", C1, container("app-1", Map.of())).allowed()).isFalse();
            assertThat(policy.checkContainer(operator, "stop", C1,
                    container("app-1", Map.of("team", "db"))).allowed()).isFalse();
        }

        @Test
        void checkContainer_globIsAnchoredAndLiteralOtherwise() {
            RoleConfig dotted = new RoleConfig("dotted", List.of("stop"), List.of("app.?"), Map.of(), List.of());
            RoleBasedAccessPolicy p = new RoleBasedAccessPolicy(config(List.of(dotted),
                    List.of(slack("dotted", List.of("U1"), List.of())), slackChannels("C1"), false));
            Caller u1 = Invocations.slackUser("U1");

            assertThat(p.checkContainer(u1, "stop", C1, container("app.1", Map.of())).allowed()).isTrue();
            assertThat(p.checkContainer(u1, "stop", C1, container("appx1", Map.of())).allowed()).isFalse();
            assertThat(p.checkContainer(u1, "stop", C1, container("my-app.1", Map.of())).allowed()).isFalse();
            assertThat(p.checkContainer(u1, "stop", C1, container("app.12", Map.of())).allowed()).isFalse();
        }

        @Test
        void checkContainer_verbNotInTheRole_isDeniedEvenInScope() {
            assertThat(policy.checkContainer(operator, "rm", C1,
                    container("app-1", Map.of("team", "web"))).allowed()).isFalse();
        }

        @Test
        void checkContainer_roleWithoutScope_coversEveryContainer() {
            assertThat(policy.checkContainer(Invocations.slackUser("U3"), "logs", C1,
                    container("anything", Map.of())).allowed()).isTrue();
        }
    }
}
