package dev.stevedore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigRecordsTest {

    @Test
    void records_copyCollections_laterChangesToTheSourceDoNotLeakIn() {
        List<String> users = new ArrayList<>(List.of("alice"));
        Map<String, String> labels = new HashMap<>(Map.of("team", "web"));
        PlatformIds ids = new PlatformIds(users, List.of());
        RoleConfig role = new RoleConfig("ops", List.of("ps"), List.of(), labels, List.of());

        users.add("mallory");
        labels.put("team", "evil");

        assertThat(ids.users()).containsExactly("alice");
        assertThat(role.labels()).containsExactly(Map.entry("team", "web"));
        assertThatThrownBy(() -> ids.users().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> role.labels().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void records_nullComponent_isRejected() {
        assertThatThrownBy(() -> new DockerConfig(null)).isInstanceOf(NullPointerException.class).hasMessage("host");
        assertThatThrownBy(() -> new AuditConfig(null)).isInstanceOf(NullPointerException.class).hasMessage("path");
        assertThatThrownBy(() -> new Secret(null)).isInstanceOf(NullPointerException.class).hasMessage("value");
    }

    @Test
    void dockerConfig_unsupportedScheme_throws() {
        assertThatThrownBy(() -> new DockerConfig("http://127.0.0.1:2375"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host: must be a unix://, tcp://, ssh:// or npipe:// address, got 'http://127.0.0.1:2375'");
        assertThatThrownBy(() -> new DockerConfig("tcp://"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void confirmConfig_ttlOutsideZeroToOneDay_throws() {
        assertThatThrownBy(() -> new ConfirmConfig(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConfirmConfig(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConfirmConfig(Duration.ofHours(24).plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new ConfirmConfig(Duration.ofHours(24)).ttl()).isEqualTo(Duration.ofHours(24));
        assertThat(ConfirmConfig.defaults().ttl()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void crashLoopConfig_fewerThanOneExit_throws() {
        assertThatThrownBy(() -> new CrashLoopConfig(0, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("exits: must be at least 1, got 0");
    }

    @Test
    void crashLoopConfig_recoverAfterOutOfRange_throws_andTwoArgumentFormDefaultsIt() {
        assertThatThrownBy(() -> new CrashLoopConfig(3, Duration.ofMinutes(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("recoverAfter: ");
        assertThat(new CrashLoopConfig(3, Duration.ofMinutes(1)).recoverAfter())
                .isEqualTo(CrashLoopConfig.DEFAULT_RECOVER_AFTER);
    }

    @Test
    void notificationsConfig_logLinesOutOfRange_throws() {
        assertThatThrownBy(() -> new NotificationsConfig(List.of(), CrashLoopConfig.defaults(), IgnoreConfig.none(), 51))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("logLines: must be 0 to 50, got 51");
        assertThat(NotificationsConfig.defaults().logLines()).isEqualTo(10);
        assertThat(NotificationsConfig.defaults().ignore()).isEqualTo(IgnoreConfig.none());
    }

    @Test
    void ignoreConfig_globWithWhitespace_throws() {
        assertThatThrownBy(() -> new IgnoreConfig(List.of("a b"), Map.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(IgnoreConfig.none().isEmpty()).isTrue();
        assertThat(new IgnoreConfig(List.of(), Map.of("ci", "true"), List.of()).isEmpty()).isFalse();
    }

    @Test
    void accessConfig_bindingToUnknownRole_throws() {
        BindingConfig binding =
                new BindingConfig("admin", PlatformIds.none(), PlatformIds.none(), PlatformIds.none());

        assertThatThrownBy(() -> new AccessConfig(Map.of(), List.of(binding), ChannelsConfig.none(), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("binding names unknown role 'admin'");
    }

    @Test
    void accessConfig_roleUnderAnotherKey_throws() {
        RoleConfig role = new RoleConfig("ops", List.of(), List.of(), Map.of(), List.of());

        assertThatThrownBy(() -> new AccessConfig(Map.of("admin", role), List.of(), ChannelsConfig.none(), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void accessConfig_hasShellBindings_onlyWhenABindingListsShellUsers() {
        RoleConfig admin = new RoleConfig("admin", List.of("*"), List.of(), Map.of(), List.of());
        BindingConfig slackOnly = new BindingConfig("admin",
                new PlatformIds(List.of("U0123ABCD"), List.of()), PlatformIds.none(), PlatformIds.none());
        BindingConfig shell = new BindingConfig("admin",
                PlatformIds.none(), PlatformIds.none(), new PlatformIds(List.of("alice"), List.of()));

        assertThat(AccessConfig.empty().hasShellBindings()).isFalse();
        assertThat(new AccessConfig(Map.of("admin", admin), List.of(slackOnly), ChannelsConfig.none(), false)
                        .hasShellBindings())
                .isFalse();
        assertThat(new AccessConfig(Map.of("admin", admin), List.of(slackOnly, shell), ChannelsConfig.none(), false)
                        .hasShellBindings())
                .isTrue();
    }

    @Test
    void slackConfig_modeRequirements_areEnforced() {
        Secret token = new Secret("xoxb-1");
        URI api = SlackConfig.DEFAULT_API_URL;

        assertThatThrownBy(() -> new SlackConfig("socket", token, Optional.of(new Secret("s")), Optional.empty(),
                        "127.0.0.1:3000", api))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("appToken: required in socket mode");
        assertThatThrownBy(() -> new SlackConfig("http", token, Optional.empty(), Optional.of(new Secret("a")),
                        "127.0.0.1:3000", api))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("signingSecret: required in http mode");
        assertThatThrownBy(() -> new SlackConfig("htp", token, Optional.of(new Secret("s")), Optional.empty(),
                        "127.0.0.1:3000", api))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mode: must be http or socket, got 'htp'");
        assertThat(new SlackConfig("socket", token, Optional.empty(), Optional.of(new Secret("xapp-1")),
                        "127.0.0.1:3000", api).toString())
                .doesNotContain("xoxb-1")
                .doesNotContain("xapp-1");
    }

    @Test
    void routeConfig_malformedTarget_throws() {
        assertThatThrownBy(() -> new RouteConfig(List.of(), Map.of(), List.of(), List.of("slack:#ops"), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new RouteConfig(List.of(), Map.of(), List.of(), List.of("slack:C1AB", "discord:123", "shell"),
                        false).to())
                .hasSize(3);
    }

    @Test
    void configException_message_listsEveryProblemOnItsOwnLine() {
        ConfigException two = new ConfigException(List.of("confirm.ttl: bad", "slack.mode: bad"));
        ConfigException one = new ConfigException(List.of("config file not found: /x.yml"));

        assertThat(two).hasMessage("invalid configuration (2 problems):\n  - confirm.ttl: bad\n  - slack.mode: bad");
        assertThat(two.problems()).containsExactly("confirm.ttl: bad", "slack.mode: bad");
        assertThat(one).hasMessage("invalid configuration (1 problem):\n  - config file not found: /x.yml");
        assertThatThrownBy(() -> new ConfigException(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
