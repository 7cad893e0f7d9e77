package dev.stevedore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
    private static final Map<String, String> TOKENS = Map.of(
            "SLACK_BOT_TOKEN", "xoxb-test-bot-token",
            "SLACK_SIGNING_SECRET", "test-signing-secret",
            "SLACK_APP_TOKEN", "xapp-test-app-token",
            "DISCORD_TOKEN", "test-discord-token");

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ the DESIGN.md §10 example

    @Test
    void load_designExample_parsesEveryKey() throws IOException {
        Path file = write("example.yml", resource("design-example.yml"));

        StevedoreConfig config = new ConfigLoader(TOKENS, dir).load(Optional.of(file));

        StevedoreConfig expected = new StevedoreConfig(
                new DockerConfig("unix:///var/run/docker.sock"),
                new AccessConfig(
                        Map.of(
                                "viewer", new RoleConfig("viewer",
                                        List.of("ps", "images", "logs", "inspect", "stats", "top", "version", "help",
                                                "whoami"),
                                        List.of(), Map.of(), List.of()),
                                "operator", new RoleConfig("operator",
                                        List.of("start", "stop", "restart", "logs", "attach", "exec", "run", "create",
                                                "pull", "rename"),
                                        List.of("app-*"), Map.of("team", "web"), List.of()),
                                "admin", new RoleConfig("admin", List.of("*"), List.of(), Map.of(), List.of())),
                        List.of(new BindingConfig("admin",
                                new PlatformIds(List.of("U0123ABCD"), List.of("S0123ABCD")),
                                new PlatformIds(List.of("123456789012345678"), List.of("987654321098765432")),
                                new PlatformIds(List.of("alice"), List.of()))),
                        new ChannelsConfig(List.of("C0123ABCD"), List.of("112233445566778899")),
                        false),
                new ConfirmConfig(Duration.ofMinutes(2)),
                new AuditConfig(Path.of("./stevedore-audit.jsonl")),
                Optional.of(new SlackConfig("http",
                        new Secret("xoxb-test-bot-token"),
                        Optional.of(new Secret("test-signing-secret")),
                        Optional.of(new Secret("xapp-test-app-token")),
                        "127.0.0.1:3000",
                        URI.create("https://slack.com/api/"))),
                Optional.of(new DiscordConfig(new Secret("test-discord-token"), List.of("112233445566778899"),
                        URI.create("https://discord.com/api/v10/"), URI.create("wss://gateway.discord.gg/"))),
                new NotificationsConfig(
                        List.of(new RouteConfig(List.of("web-*"), Map.of("env", "prod"), List.of("nginx*"),
                                List.of("slack:C0123ABCD", "discord:112233445566778899", "shell"), true)),
                        new CrashLoopConfig(3, Duration.ofMinutes(10))),
                new HttpConfig("127.0.0.1:9090"),
                Optional.of(file));
        assertThat(config).isEqualTo(expected);
        assertThat(config.access().hasShellBindings()).isTrue();
    }

    @Test
    void parse_designExampleWithoutTokens_leavesSlackAndDiscordOff() throws IOException {
        StevedoreConfig config =
                new ConfigLoader(Map.of(), dir).parse(resource("design-example.yml"), Optional.empty());

        assertThat(config.slack()).isEmpty();
        assertThat(config.discord()).isEmpty();
        assertThat(config.access().roles()).containsOnlyKeys("viewer", "operator", "admin");
    }

    @Test
    void load_configToString_neverShowsTokens() throws IOException {
        Path file = write("example.yml", resource("design-example.yml"));

        String text = new ConfigLoader(TOKENS, dir).load(Optional.of(file)).toString();

        assertThat(text).contains("Secret[***]");
        for (String token : TOKENS.values()) {
            assertThat(text).doesNotContain(token);
        }
    }

    // ------------------------------------------------------------------ defaults

    @Test
    void defaults_noFile_usesDocumentedValues() {
        StevedoreConfig config = StevedoreConfig.defaults();

        String dockerHost = System.getenv("DOCKER_HOST");
        assertThat(config.docker().host()).isEqualTo(dockerHost == null || dockerHost.isBlank()
                ? "unix:///var/run/docker.sock"
                : dockerHost.strip());
        assertThat(config.access()).isEqualTo(AccessConfig.empty());
        assertThat(config.access().roles()).isEmpty();
        assertThat(config.access().bindings()).isEmpty();
        assertThat(config.access().directMessages()).isFalse();
        assertThat(config.access().hasShellBindings()).isFalse();
        assertThat(config.confirm().ttl()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.audit().path()).isEqualTo(Path.of("./stevedore-audit.jsonl"));
        assertThat(config.http().listen()).isEqualTo("127.0.0.1:9090");
        assertThat(config.notifications().routes()).isEmpty();
        assertThat(config.notifications().crashLoop()).isEqualTo(new CrashLoopConfig(3, Duration.ofMinutes(10)));
        assertThat(config.slack()).isEmpty();
        assertThat(config.discord()).isEmpty();
        assertThat(config.source()).isEmpty();
    }

    @Test
    void load_noFileAnywhere_returnsDefaultsWithInjectedEnvironment() {
        StevedoreConfig config = new ConfigLoader(Map.of(), dir).load(Optional.empty());

        assertThat(config).isEqualTo(new StevedoreConfig(
                new DockerConfig("unix:///var/run/docker.sock"),
                AccessConfig.empty(),
                new ConfirmConfig(Duration.ofMinutes(2)),
                new AuditConfig(Path.of("./stevedore-audit.jsonl")),
                Optional.empty(),
                Optional.empty(),
                new NotificationsConfig(List.of(), new CrashLoopConfig(3, Duration.ofMinutes(10))),
                new HttpConfig("127.0.0.1:9090"),
                Optional.empty()));
    }

    @Test
    void load_noFile_takesDockerHostFromEnvironment() {
        StevedoreConfig config = new ConfigLoader(Map.of("DOCKER_HOST", "tcp://10.0.0.5:2375"), dir)
                .load(Optional.empty());

        assertThat(config.docker().host()).isEqualTo("tcp://10.0.0.5:2375");
        assertThat(config.source()).isEmpty();
    }

    @Test
    void parse_emptyDocument_givesDefaults() {
        StevedoreConfig fromEmpty = new ConfigLoader(Map.of(), dir).parse("", Optional.empty());
        StevedoreConfig fromComment = new ConfigLoader(Map.of(), dir).parse("# nothing yet\n", Optional.empty());

        StevedoreConfig noFile = new ConfigLoader(Map.of(), dir).load(Optional.empty());
        assertThat(fromEmpty).isEqualTo(noFile);
        assertThat(fromComment).isEqualTo(noFile);
    }

    // ------------------------------------------------------------------ precedence

    @Test
    void load_explicitFile_winsOverVariableAndWorkingDirFile() throws IOException {
        Path explicit = write("explicit.yml", "docker: { host: tcp://explicit:2375 }\n");
        Path named = write("named.yml", "docker: { host: tcp://named:2375 }\n");
        write("stevedore.yml", "docker: { host: tcp://local:2375 }\n");

        StevedoreConfig config = new ConfigLoader(Map.of("STEVEDORE_CONFIG", named.toString()), dir)
                .load(Optional.of(explicit));

        assertThat(config.docker().host()).isEqualTo("tcp://explicit:2375");
        assertThat(config.source()).contains(explicit);
    }

    @Test
    void load_stevedoreConfigVariable_winsOverWorkingDirFile() throws IOException {
        Path named = write("named.yml", "docker: { host: tcp://named:2375 }\n");
        write("stevedore.yml", "docker: { host: tcp://local:2375 }\n");

        StevedoreConfig config = new ConfigLoader(Map.of("STEVEDORE_CONFIG", named.toString()), dir)
                .load(Optional.empty());

        assertThat(config.docker().host()).isEqualTo("tcp://named:2375");
        assertThat(config.source()).contains(named);
    }

    @Test
    void load_workingDirFile_winsOverDefaults() throws IOException {
        Path local = write("stevedore.yml", "docker: { host: tcp://local:2375 }\n");

        StevedoreConfig config = new ConfigLoader(Map.of("DOCKER_HOST", "tcp://env:2375"), dir).load(Optional.empty());

        assertThat(config.docker().host()).isEqualTo("tcp://local:2375");
        assertThat(config.source()).contains(local);
    }

    @Test
    void load_blankConfigVariable_fallsBackToWorkingDirFile() throws IOException {
        Path local = write("stevedore.yml", "docker: { host: tcp://local:2375 }\n");

        StevedoreConfig config = new ConfigLoader(Map.of("STEVEDORE_CONFIG", "  "), dir).load(Optional.empty());

        assertThat(config.source()).contains(local);
    }

    @Test
    void load_relativePaths_resolveAgainstWorkingDir() throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        write("conf/bot.yml", "docker: { host: tcp://relative:2375 }\n");
        ConfigLoader loader = new ConfigLoader(Map.of("STEVEDORE_CONFIG", "conf/bot.yml"), dir);

        assertThat(loader.load(Optional.of(Path.of("conf/bot.yml"))).source()).contains(dir.resolve("conf/bot.yml"));
        assertThat(loader.load(Optional.empty()).docker().host()).isEqualTo("tcp://relative:2375");
    }

    @Test
    void load_missingExplicitFile_throwsNotFound() throws IOException {
        write("stevedore.yml", "docker: { host: tcp://local:2375 }\n");
        Path missing = dir.resolve("missing.yml");

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(Map.of(), dir).load(Optional.of(missing)));

        assertThat(e.problems()).containsExactly("config file not found: " + missing);
        assertThat(e).hasMessage("invalid configuration (1 problem):\n  - config file not found: " + missing);
    }

    @Test
    void load_missingFileNamedByVariable_throwsNotFoundInsteadOfFallingBack() throws IOException {
        write("stevedore.yml", "docker: { host: tcp://local:2375 }\n");
        Path missing = dir.resolve("gone.yml");

        assertThatThrownBy(() -> new ConfigLoader(Map.of("STEVEDORE_CONFIG", missing.toString()), dir)
                        .load(Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).problems())
                .isEqualTo(List.of("config file not found: " + missing));
    }

    // ------------------------------------------------------------------ ${VAR} interpolation

    @Test
    void parse_variableInsideValue_isReplaced() {
        StevedoreConfig config = parse(Map.of("DATA", "/var/lib/stevedore"),
                "audit: { path: \"${DATA}/audit.jsonl\" }\n");

        assertThat(config.audit().path()).isEqualTo(Path.of("/var/lib/stevedore/audit.jsonl"));
    }

    @Test
    void parse_variableWithDefault_usesDefaultWhenUnsetOrEmpty() {
        String yaml = "http: { listen: \"${LISTEN:-0.0.0.0:8080}\" }\n";

        assertThat(parse(Map.of(), yaml).http().listen()).isEqualTo("0.0.0.0:8080");
        assertThat(parse(Map.of("LISTEN", ""), yaml).http().listen()).isEqualTo("0.0.0.0:8080");
        assertThat(parse(Map.of("LISTEN", "127.0.0.1:7000"), yaml).http().listen()).isEqualTo("127.0.0.1:7000");
    }

    @Test
    void parse_unsetVariableWithoutDefault_becomesEmptyString() {
        StevedoreConfig config = parse(Map.of("SET", "b"), String.join("\n",
                "docker: { host: \"${NOT_SET}\" }",
                "notifications:",
                "  routes:",
                "    - match: { labels: { tier: \"a${NOT_SET}${SET}c\" } }",
                "      to: [shell]",
                ""));

        assertThat(config.notifications().routes().get(0).labels()).containsExactlyEntriesOf(Map.of("tier", "abc"));
        assertThat(config.docker().host()).as("blank after replacement counts as unset")
                .isEqualTo("unix:///var/run/docker.sock");
    }

    @Test
    void parse_variableValueLooksLikeYaml_staysOneString() {
        String injected = "web\nhttp: { listen: \"0.0.0.0:1\" }\n- [x]";
        StevedoreConfig config = parse(Map.of("TEAM", injected),
                "access:\n  roles:\n    ops: { allow: [ps], labels: { team: \"${TEAM}\" } }\n");

        assertThat(config.access().roles().get("ops").labels()).containsEntry("team", injected);
        assertThat(config.http().listen()).isEqualTo("127.0.0.1:9090");
    }

    @Test
    void parse_doubleDollar_keepsLiteralReference() {
        StevedoreConfig config = parse(Map.of("HOME", "/root"),
                "access:\n  roles:\n    ops: { labels: { tpl: \"$${HOME} and $HOME and ${HOME}\" } }\n");

        assertThat(config.access().roles().get("ops").labels()).containsEntry("tpl", "${HOME} and $HOME and /root");
    }

    @Test
    void parse_variableInBooleanAndDuration_isReplacedBeforeConversion() {
        StevedoreConfig config = parse(Map.of("TTL", "90s"),
                "access: { directMessages: \"${DMS:-true}\" }\nconfirm: { ttl: \"${TTL}\" }\n");

        assertThat(config.access().directMessages()).isTrue();
        assertThat(config.confirm().ttl()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void parse_malformedReference_isAProblem() {
        assertThat(problems(Map.of(), "http: { listen: \"${LISTEN\" }\naudit: { path: \"${1BAD}\" }\n"))
                .containsExactlyInAnyOrder(
                        "http.listen: unterminated '${' (use ${NAME} or ${NAME:-default}; write $${ for a literal ${)",
                        "audit.path: invalid variable reference '${1BAD}' "
                                + "(use ${NAME} or ${NAME:-default}; write $${ for a literal ${)");
    }

    // ------------------------------------------------------------------ problems: all of them, with key paths

    @Test
    void parse_manyProblems_reportsEveryOneWithKeyPath() {
        String yaml = String.join("\n",
                "dockr: {}",
                "docker: { host: \"http://localhost:2375\" }",
                "access:",
                "  roles:",
                "    admin: { allow: [\"*\"] }",
                "    operator: { allow: [ps, logs, [rm]] }",
                "  bindings:",
                "    - role: admn",
                "      slack: { users: [bob] }",
                "      discord: { users: [alice] }",
                "confirm: { ttl: 2x }",
                "slack: { mode: htp, botToken: xoxb-1 }",
                "notifications:",
                "  routes:",
                "    - to: [\"email:ops\"]",
                "  crashLoop: { exits: 0 }",
                "http: { listen: localhost }",
                "");

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(Map.of(), dir).parse(yaml, Optional.empty()));

        List<String> expected = List.of(
                "unknown key 'dockr' (did you mean 'docker'?)",
                "docker.host: must be a unix://, tcp://, ssh:// or npipe:// address, got 'http://localhost:2375'",
                "access.roles.operator.allow[2]: expected a string, got a list",
                "access.bindings[0].role: unknown role 'admn' (did you mean 'admin'?)",
                "access.bindings[0].slack.users[0]: must be a Slack user id such as U0123ABCD "
                        + "(not a name, names can change), got 'bob'",
                "access.bindings[0].discord.users[0]: must be a numeric Discord id (snowflake) such as "
                        + "123456789012345678 (not a name, names can change), got 'alice'",
                "confirm.ttl: invalid duration '2x' (use e.g. 30s, 2m, 1h)",
                "slack.mode: must be http or socket, got 'htp'",
                "notifications.routes[0].to[0]: must be slack:CHANNEL_ID, discord:CHANNEL_ID or shell, got 'email:ops'",
                "notifications.crashLoop.exits: must be at least 1, got 0",
                "http.listen: must be host:port, e.g. 127.0.0.1:9090, got 'localhost'");
        assertThat(e.problems()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(e.getMessage()).startsWith("invalid configuration (11 problems):\n  - ");
        for (String problem : expected) {
            assertThat(e.getMessage()).contains("\n  - " + problem);
        }
    }

    @Test
    void load_unknownKey_suggestsClosest() throws IOException {
        Path file = write("typo.yml", "dockr:\n  host: unix:///var/run/docker.sock\n");

        assertThatThrownBy(() -> new ConfigLoader(Map.of(), dir).load(Optional.of(file)))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).problems())
                .isEqualTo(List.of("unknown key 'dockr' (did you mean 'docker'?)"));
    }

    @Test
    void parse_unknownNestedKeys_suggestClosestWithSectionPath() {
        assertThat(problems(Map.of(), String.join("\n",
                        "access:",
                        "  roles:",
                        "    ops: { alow: [ps] }",
                        "  bindings:",
                        "    - role: ops",
                        "      shell: { users: [alice], groups: [wheel] }",
                        "slack: { bottoken: xoxb-1, signingSecret: s }",
                        "notifications: { routes: [ { to: [shell], match: { name: [web] } } ] }",
                        "")))
                .containsExactlyInAnyOrder(
                        "access.roles.ops: unknown key 'alow' (did you mean 'allow'?)",
                        "access.bindings[0].shell: unknown key 'groups' (expected one of: users)",
                        "slack: unknown key 'bottoken' (did you mean 'botToken'?)",
                        "notifications.routes[0].match: unknown key 'name' (did you mean 'names'?)");
    }

    @Test
    void parse_unknownKeyWithNothingClose_listsAcceptedKeys() {
        assertThat(problems(Map.of(), "zzz: 1\n")).containsExactly(
                "unknown key 'zzz' (expected one of: docker, access, confirm, slack, discord, notifications, audit, "
                        + "http)");
    }

    @Test
    void parse_bindingProblems_nameMissingOrUnknownRole() {
        assertThat(problems(Map.of(), String.join("\n",
                        "access:",
                        "  roles: { viewer: { allow: [ps] } }",
                        "  bindings:",
                        "    - shell: { users: [alice] }",
                        "    - role: root",
                        "      shell: { users: [bob] }",
                        "")))
                .containsExactly(
                        "access.bindings[0].role: required: the name of a role under access.roles",
                        "access.bindings[1].role: unknown role 'root' (defined roles: viewer)");
    }

    @Test
    void parse_wrongShapes_areReportedWithTheirType() {
        assertThat(problems(Map.of(), String.join("\n",
                        "docker: [unix:///var/run/docker.sock]",
                        "access:",
                        "  roles: { ops: { allow: ps } }",
                        "  directMessages: maybe",
                        "confirm: { ttl: [1] }",
                        "notifications: { crashLoop: { exits: three } }",
                        "http: { listen: 9090 }",
                        "")))
                .containsExactlyInAnyOrder(
                        "docker: expected a mapping (key: value), got a list",
                        "access.roles.ops.allow: expected a list, got a string (write [a, b] or one '- item' per line)",
                        "access.directMessages: expected true or false, got 'maybe'",
                        "confirm.ttl: expected a duration such as 30s, 2m or 1h, got a list",
                        "notifications.crashLoop.exits: expected a whole number, got 'three'",
                        "http.listen: expected a string, got a number (put it in quotes)");
    }

    @Test
    void parse_idsThatAreNotIds_areProblems() {
        assertThat(problems(Map.of(), String.join("\n",
                        "access:",
                        "  roles: { ops: { allow: [PS], channels: [\"#general\"] } }",
                        "  bindings:",
                        "    - role: ops",
                        "      slack: { users: [U0123ABCD], groups: [\"@oncall\"] }",
                        "      discord: { roles: [Moderators] }",
                        "  channels: { slack: [general], discord: [\"123\"] }",
                        "discord: { token: t, guilds: [My Server] }",
                        "")))
                .containsExactlyInAnyOrder(
                        "access.roles.ops.allow[0]: must be a command name such as 'ps' or 'logs', or '*', got 'PS'",
                        "access.roles.ops.channels[0]: must be a Slack channel id such as C0123ABCD or a numeric "
                                + "Discord channel id, got '#general'",
                        "access.bindings[0].slack.groups[0]: must be a Slack user-group id such as S0123ABCD "
                                + "(not a handle, handles can change), got '@oncall'",
                        "access.bindings[0].discord.roles[0]: must be a numeric Discord id (snowflake) such as "
                                + "123456789012345678 (not a name, names can change), got 'Moderators'",
                        "access.channels.slack[0]: must be a Slack channel id such as C0123ABCD (not a #name, names "
                                + "can change), got 'general'",
                        "discord.guilds[0]: must be a numeric Discord id (snowflake) such as 123456789012345678 (not "
                                + "a name, names can change), got 'My Server'");
    }

    @Test
    void parse_discordIdsWrittenAsBareNumbers_areAccepted() {
        StevedoreConfig config = parse(Map.of("DISCORD_TOKEN", "t"), String.join("\n",
                "access:",
                "  roles: { ops: { allow: [ps] } }",
                "  bindings: [ { role: ops, discord: { users: [123456789012345678], roles: [42] } } ]",
                "  channels: { discord: [112233445566778899] }",
                "discord: { guilds: [112233445566778899] }",
                ""));

        assertThat(config.access().bindings().get(0).discord())
                .isEqualTo(new PlatformIds(List.of("123456789012345678"), List.of("42")));
        assertThat(config.access().channels().discord()).containsExactly("112233445566778899");
        assertThat(config.discord().orElseThrow().guilds()).containsExactly("112233445566778899");
    }

    @Test
    void parse_routeWithoutTargets_isAProblem() {
        assertThat(problems(Map.of(), "notifications: { routes: [ { match: { names: [web] } } ] }\n"))
                .containsExactly("notifications.routes[0].to: required: at least one target "
                        + "(slack:CHANNEL_ID, discord:CHANNEL_ID or shell)");
    }

    @Test
    void parse_notificationsIgnoreLogLinesAndRecoverAfter_areRead() {
        StevedoreConfig config = parse(Map.of(), String.join("\n",
                "notifications:",
                "  routes:",
                "    - match: { names: [\"app-*\"] }",
                "      to: [shell]",
                "  ignore: { labels: { ci: \"true\" }, names: [\"ci-*\"], images: [\"*/runner:*\"] }",
                "  logLines: 5",
                "  crashLoop: { exits: 4, window: 5m, recoverAfter: 30s }",
                ""));

        NotificationsConfig n = config.notifications();
        assertThat(n.ignore()).isEqualTo(new IgnoreConfig(List.of("ci-*"), Map.of("ci", "true"), List.of("*/runner:*")));
        assertThat(n.logLines()).isEqualTo(5);
        assertThat(n.crashLoop()).isEqualTo(new CrashLoopConfig(4, Duration.ofMinutes(5), Duration.ofSeconds(30)));
    }

    @Test
    void parse_notificationsWithoutIgnore_ignoresNothingAndShowsTenLines() {
        NotificationsConfig n = parse(Map.of(), "notifications: { routes: [ { to: [shell] } ] }\n").notifications();

        assertThat(n.ignore().isEmpty()).isTrue();
        assertThat(n.logLines()).isEqualTo(NotificationsConfig.DEFAULT_LOG_LINES);
        assertThat(n.crashLoop().recoverAfter()).isEqualTo(CrashLoopConfig.DEFAULT_RECOVER_AFTER);
    }

    @Test
    void parse_badIgnoreLogLinesAndRecoverAfter_listsEveryProblem() {
        assertThat(problems(Map.of(), String.join("\n",
                "notifications:",
                "  ignore: { label: { ci: \"true\" }, names: [\"a b\"] }",
                "  logLines: 500",
                "  crashLoop: { recoverAfter: 0s }",
                "")))
                .containsExactlyInAnyOrder(
                        "notifications.ignore: unknown key 'label' (did you mean 'labels'?)",
                        "notifications.ignore.names[0]: must not contain whitespace, got 'a b'",
                        "notifications.logLines: must be 0 to 50, got 500",
                        "notifications.crashLoop.recoverAfter: must be more than 0s and at most 24h, got 0s");
    }

    // ------------------------------------------------------------------ YAML syntax

    @Test
    void parse_yamlSyntaxError_isOneProblemWithLineAndColumn() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(Map.of(), dir)
                .parse("docker:\n  host: a: b\nconfirm: { ttl: 2x }\n", Optional.empty()));

        assertThat(e.problems()).containsExactly(
                "YAML syntax error at line 2, column 10: mapping values are not allowed here");
        assertThat(e.getMessage())
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("^");
    }

    @Test
    void parse_unclosedFlowSequence_namesWhereItStarted() {
        assertThat(problems(Map.of(), "access:\n  roles: { ops: { allow: [ps, logs } }\n"))
                .singleElement().asString()
                .startsWith("YAML syntax error at line 2, column ")
                .contains("(while parsing a flow sequence at line 2, column 26)");
    }

    @Test
    void parse_duplicateKey_isReportedWithLine() {
        assertThat(problems(Map.of(), "http: { listen: \"127.0.0.1:1\" }\nhttp: { listen: \"127.0.0.1:2\" }\n"))
                .containsExactly("YAML syntax error at line 2, column 1: found duplicate key http "
                        + "(while constructing a mapping at line 1, column 1)");
    }

    @Test
    void parse_topLevelList_isAProblem() {
        assertThat(problems(Map.of(), "- docker\n- access\n")).containsExactly(
                "the file must be a mapping of sections such as docker:, access:, slack:, got a list");
    }

    // ------------------------------------------------------------------ secrets

    @Test
    void secret_toString_neverShowsValue() {
        Secret secret = new Secret("xoxb-very-secret");

        assertThat(secret.toString()).isEqualTo("Secret[***]");
        assertThat(String.valueOf(List.of(secret))).doesNotContain("very-secret");
        assertThat(secret.value()).isEqualTo("xoxb-very-secret");
        assertThat(secret).isEqualTo(new Secret("xoxb-very-secret")).isNotEqualTo(new Secret("other"));
    }

    @Test
    void parse_invalidSecrets_problemsNeverShowTheValue() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(
                        Map.of("DISCORD_TOKEN", "leaky token-from-env"), dir)
                .parse("slack: { botToken: \"xoxb-leaky ${1BAD} token\", signingSecret: 123456 }\n",
                        Optional.empty()));

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "slack.botToken: invalid variable reference (use ${NAME} or ${NAME:-default}; write $${ for a "
                        + "literal ${)",
                "slack.signingSecret: expected a string, got a number (put it in quotes)",
                "discord.token (from DISCORD_TOKEN): must not contain whitespace");
        assertThat(e.getMessage()).doesNotContain("leaky").doesNotContain("123456").doesNotContain("1BAD");
    }

    // ------------------------------------------------------------------ slack and discord

    @Test
    void parse_slackTokensFromEnvironment_fillUnsetKeysAndDefaults() {
        StevedoreConfig config = parse(TOKENS, "slack: { mode: socket }\n");

        SlackConfig slack = config.slack().orElseThrow();
        assertThat(slack.mode()).isEqualTo("socket");
        assertThat(slack.socketMode()).isTrue();
        assertThat(slack.botToken()).isEqualTo(new Secret("xoxb-test-bot-token"));
        assertThat(slack.appToken()).contains(new Secret("xapp-test-app-token"));
        assertThat(slack.signingSecret()).contains(new Secret("test-signing-secret"));
        assertThat(slack.listen()).isEqualTo("127.0.0.1:3000");
        assertThat(slack.apiUrl()).isEqualTo(URI.create("https://slack.com/api/"));
        assertThat(config.discord().orElseThrow().token()).isEqualTo(new Secret("test-discord-token"));
    }

    @Test
    void parse_slackTokenInFile_winsOverEnvironment() {
        StevedoreConfig config = parse(TOKENS, "slack: { botToken: xoxb-from-file }\n");

        assertThat(config.slack().orElseThrow().botToken()).isEqualTo(new Secret("xoxb-from-file"));
        assertThat(config.slack().orElseThrow().mode()).isEqualTo("http");
    }

    @Test
    void parse_slackWithoutBotToken_isAbsent() {
        StevedoreConfig config = parse(Map.of("SLACK_APP_TOKEN", "xapp-1"),
                "slack: { mode: socket, botToken: \"${SLACK_BOT_TOKEN}\", listen: \"0.0.0.0:3000\" }\n");

        assertThat(config.slack()).isEmpty();
    }

    @Test
    void parse_slackSocketModeWithoutAppToken_isAProblem() {
        assertThat(problems(Map.of("SLACK_BOT_TOKEN", "xoxb-1"), "slack: { mode: socket }\n")).containsExactly(
                "slack.appToken: required when slack.mode is socket (set it here or in SLACK_APP_TOKEN)");
    }

    @Test
    void parse_slackHttpModeWithoutSigningSecret_isAProblem() {
        assertThat(problems(Map.of("SLACK_BOT_TOKEN", "xoxb-1"), "")).containsExactly(
                "slack.signingSecret: required when slack.mode is http (set it here or in SLACK_SIGNING_SECRET)");
    }

    @Test
    void parse_discordTokenOnlyInEnvironment_enablesDiscordWithDefaults() {
        StevedoreConfig config = parse(Map.of("DISCORD_TOKEN", "abc"), "");

        assertThat(config.discord()).contains(new DiscordConfig(new Secret("abc"), List.of(),
                URI.create("https://discord.com/api/v10/"), URI.create("wss://gateway.discord.gg/")));
        assertThat(config.slack()).isEmpty();
    }

    @Test
    void parse_discordMessageContent_optIn_forAttachInput() {
        assertThat(parse(Map.of("DISCORD_TOKEN", "abc"), "discord:\n  messageContent: true\n").discord()
                .orElseThrow().messageContent()).isTrue();
        assertThat(parse(Map.of("DISCORD_TOKEN", "abc"), "").discord().orElseThrow().messageContent()).isFalse();
    }

    @Test
    void parse_apiUrlsWithoutTrailingSlash_getOne() {
        StevedoreConfig config = parse(TOKENS, String.join("\n",
                "slack: { apiUrl: \"http://127.0.0.1:8080/api\" }",
                "discord: { apiUrl: \"http://127.0.0.1:8081/api/v10\", gatewayUrl: \"ws://127.0.0.1:8082\" }",
                ""));

        assertThat(config.slack().orElseThrow().apiUrl()).isEqualTo(URI.create("http://127.0.0.1:8080/api/"));
        assertThat(config.discord().orElseThrow().apiUrl()).isEqualTo(URI.create("http://127.0.0.1:8081/api/v10/"));
        assertThat(config.discord().orElseThrow().gatewayUrl()).isEqualTo(URI.create("ws://127.0.0.1:8082"));
    }

    @Test
    void parse_badUrls_areProblems() {
        assertThat(problems(TOKENS, String.join("\n",
                        "slack: { apiUrl: \"ftp://slack.example/api/\" }",
                        "discord: { apiUrl: \"/api/v10/\", gatewayUrl: \"not a url\" }",
                        "")))
                .containsExactlyInAnyOrder(
                        "slack.apiUrl: must be an absolute http://, https:// URL, got 'ftp://slack.example/api/'",
                        "discord.apiUrl: must be an absolute http://, https:// URL, got '/api/v10/'",
                        "discord.gatewayUrl: must be an absolute wss://, ws://, https://, http:// URL, "
                                + "got 'not a url'");
    }

    // ------------------------------------------------------------------ docker host and listen addresses

    @Test
    void parse_dockerHostInFile_winsOverVariable() {
        assertThat(parse(Map.of("DOCKER_HOST", "tcp://env:2375"), "docker: { host: \"ssh://me@box\" }\n")
                        .docker().host())
                .isEqualTo("ssh://me@box");
        assertThat(parse(Map.of("DOCKER_HOST", "tcp://env:2375"), "docker: {}\n").docker().host())
                .isEqualTo("tcp://env:2375");
    }

    @Test
    void parse_invalidDockerHostVariable_namesTheVariable() {
        assertThat(problems(Map.of("DOCKER_HOST", "localhost:2375"), "")).containsExactly(
                "docker.host (from DOCKER_HOST): must be a unix://, tcp://, ssh:// or npipe:// address, "
                        + "got 'localhost:2375'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"unix:///var/run/docker.sock", "tcp://127.0.0.1:2375", "ssh://user@build-host",
            "npipe:////./pipe/docker_engine"})
    void parse_dockerHostWithSupportedScheme_isAccepted(String host) {
        assertThat(parse(Map.of(), "docker: { host: \"" + host + "\" }\n").docker().host()).isEqualTo(host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:0", "127.0.0.1:70000", "127.0.0.1", ":9090", "127.0.0.1:http",
            "my host:80"})
    void parse_invalidListenAddress_isAProblem(String listen) {
        assertThat(problems(Map.of(), "http: { listen: \"" + listen + "\" }\n"))
                .singleElement().asString().startsWith("http.listen: ").contains("'" + listen + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0:80", "[::1]:9090", "localhost:65535", "metrics.internal:1"})
    void parse_validListenAddress_isAccepted(String listen) {
        assertThat(parse(Map.of(), "http: { listen: \"" + listen + "\" }\n").http().listen()).isEqualTo(listen);
    }

    // ------------------------------------------------------------------ durations

    @ParameterizedTest
    @CsvSource({"30s, PT30S", "2m, PT2M", "1h, PT1H", "1h30m, PT1H30M", "500ms, PT0.5S", "1m30s500ms, PT1M30.5S",
            "'\"45\"', PT45S", "45, PT45S", "1d, PT24H"})
    void parse_duration_acceptsDocumentedForms(String written, String iso) {
        assertThat(parse(Map.of(), "confirm: { ttl: " + written + " }\n").confirm().ttl())
                .isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2x", "1.5h", "m", "-5s", "1m1h", "30 s", "1h30", "5sec", "1.5"})
    void parse_invalidDuration_isAProblem(String written) {
        assertThat(problems(Map.of(), "confirm: { ttl: \"" + written + "\" }\n"))
                .containsExactly("confirm.ttl: invalid duration '" + written + "' (use e.g. 30s, 2m, 1h)");
    }

    @Test
    void parse_bareNonIntegerDuration_isAProblem() {
        assertThat(problems(Map.of(), "notifications: { crashLoop: { window: 1.5 } }\n"))
                .containsExactly("notifications.crashLoop.window: invalid duration '1.5' (use e.g. 30s, 2m, 1h)");
    }

    @ParameterizedTest
    @CsvSource({"0s, 0s", "0, 0s", "25h, 25h", "2d, 48h"})
    void parse_durationOutOfRange_isAProblem(String written, String shown) {
        assertThat(problems(Map.of(), "confirm: { ttl: " + written + " }\n"))
                .containsExactly("confirm.ttl: must be more than 0s and at most 24h, got " + shown);
    }

    @Test
    void durations_format_writesLikeUsersDo() {
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.parse(Durations.format(Duration.ofSeconds(93_784)))).isEqualTo(Duration.ofSeconds(93_784));
    }

    // ------------------------------------------------------------------ helpers

    private StevedoreConfig parse(Map<String, String> env, String yaml) {
        return new ConfigLoader(env, dir).parse(yaml, Optional.empty());
    }

    private List<String> problems(Map<String, String> env, String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(env, yaml));
        assertThat(e).as("expected a ConfigException").isNotNull();
        return e.problems();
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ConfigLoaderTest.class.getResourceAsStream(name)) {
            assertThat(in).as("test resource " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
