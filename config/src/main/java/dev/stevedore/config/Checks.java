package dev.stevedore.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Value checks shared by the loader (which turns a failure into a problem with a key path) and the records' compact
 * constructors (which throw {@link IllegalArgumentException}), so both accept exactly the same values.
 *
 * <p>Each check returns the problem text without a key path, or empty if the value is fine.
 */
final class Checks {
    /** Longest time a confirmation, a crash-loop window or any other configured duration may span. */
    static final Duration MAX_DURATION = Duration.ofHours(24);

    private static final Set<String> DOCKER_SCHEMES = Set.of("unix", "tcp", "ssh", "npipe");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
    private static final Pattern IPV6_LITERAL = Pattern.compile("\\[[0-9A-Fa-f:.]+]");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final Pattern VERB = Pattern.compile("[a-z][a-z0-9._-]*");
    private static final Pattern SLACK_USER = Pattern.compile("[UW][A-Z0-9]{2,}");
    private static final Pattern SLACK_GROUP = Pattern.compile("S[A-Z0-9]{2,}");
    private static final Pattern SLACK_CHANNEL = Pattern.compile("[CGD][A-Z0-9]{2,}");
    private static final Pattern SLACK_TARGET = Pattern.compile("[CGDUW][A-Z0-9]{2,}");
    private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{1,20}");
    private static final Pattern NO_WHITESPACE = Pattern.compile("\\S+");
    private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    private Checks() {}

    /**
     * Checks a Docker engine address.
     *
     * @param host for example {@code unix:///var/run/docker.sock}, {@code tcp://127.0.0.1:2375},
     *     {@code ssh://user@host} or {@code npipe:////./pipe/docker_engine}
     * @return the problem, or empty if the address is usable
     */
    static Optional<String> dockerHost(String host) {
        String expected = "must be a unix://, tcp://, ssh:// or npipe:// address, got " + quote(host);
        URI uri;
        try {
            uri = new URI(host);
        } catch (URISyntaxException e) {
            return Optional.of(expected);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !DOCKER_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
            return Optional.of(expected);
        }
        switch (scheme.toLowerCase(Locale.ROOT)) {
            case "tcp":
            case "ssh":
                if (uri.getHost() == null) {
                    return Optional.of("needs a host name, e.g. tcp://127.0.0.1:2375, got " + quote(host));
                }
                if (uri.getPort() == 0 || uri.getPort() > 65535) {
                    return Optional.of("port must be 1-65535, got " + quote(host));
                }
                return Optional.empty();
            default:
                String rest = uri.getRawSchemeSpecificPart();
                if (rest == null || rest.replace("/", "").isEmpty()) {
                    return Optional.of("needs a socket or pipe path, e.g. unix:///var/run/docker.sock, got "
                            + quote(host));
                }
                return Optional.empty();
        }
    }

    /**
     * Checks a listen address.
     *
     * @param listen {@code host:port}, where host is a name, an IPv4 address or a bracketed IPv6 address and port
     *     is 1-65535
     * @return the problem, or empty if the address is well formed
     */
    static Optional<String> hostPort(String listen) {
        String expected = "must be host:port, e.g. 127.0.0.1:9090, got " + quote(listen);
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            return Optional.of(expected);
        }
        String host = listen.substring(0, colon);
        String port = listen.substring(colon + 1);
        if (!HOST_NAME.matcher(host).matches() && !IPV6_LITERAL.matcher(host).matches()) {
            return Optional.of(expected);
        }
        if (!PORT.matcher(port).matches() || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            return Optional.of("port must be 1-65535, got " + quote(listen));
        }
        return Optional.empty();
    }

    /**
     * Checks that a text is an absolute URL with a host and one of the given schemes.
     *
     * @param url the URL as written
     * @param schemes accepted schemes, lower case, in the order to name them in the problem
     * @return the problem, or empty if the URL is usable
     */
    static Optional<String> url(String url, String... schemes) {
        try {
            return url(new URI(url), schemes);
        } catch (URISyntaxException e) {
            return Optional.of(urlProblem(url, schemes));
        }
    }

    /**
     * Checks that a URL is absolute, has a host and uses one of the given schemes.
     *
     * @param url the URL
     * @param schemes accepted schemes, lower case, in the order to name them in the problem
     * @return the problem, or empty if the URL is usable
     */
    static Optional<String> url(URI url, String... schemes) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || url.getHost() == null || !Set.of(schemes).contains(scheme)) {
            return Optional.of(urlProblem(url.toString(), schemes));
        }
        return Optional.empty();
    }

    private static String urlProblem(String url, String... schemes) {
        return "must be an absolute " + String.join("://, ", schemes) + ":// URL, got " + quote(url);
    }

    /**
     * Checks that a duration is positive and at most {@link #MAX_DURATION}.
     *
     * @param duration the duration
     * @return the problem, or empty if the duration is in range
     */
    static Optional<String> positiveDuration(Duration duration) {
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            return Optional.of("must be more than 0s and at most " + Durations.format(MAX_DURATION) + ", got "
                    + Durations.format(duration));
        }
        return Optional.empty();
    }

    /**
     * Checks a Slack connection mode.
     *
     * @param mode the Slack connection mode
     * @return the problem, or empty if it is {@code http} or {@code socket}
     */
    static Optional<String> slackMode(String mode) {
        if (SlackConfig.MODE_HTTP.equals(mode) || SlackConfig.MODE_SOCKET.equals(mode)) {
            return Optional.empty();
        }
        return Optional.of("must be http or socket, got " + quote(mode));
    }

    /**
     * Checks a role name (a key under {@code access.roles}).
     *
     * @param name the role name
     * @return the problem, or empty if the name is letters, digits, {@code -} and {@code _}
     */
    static Optional<String> roleName(String name) {
        return ROLE_NAME.matcher(name).matches()
                ? Optional.empty()
                : Optional.of("role name must be letters, digits, '-' or '_', got " + quote(name));
    }

    /**
     * Checks an entry of a role's {@code allow} list.
     *
     * @param verb a command name such as {@code ps}, or {@code *}
     * @return the problem, or empty if the entry is well formed
     */
    static Optional<String> verb(String verb) {
        return "*".equals(verb) || VERB.matcher(verb).matches()
                ? Optional.empty()
                : Optional.of("must be a command name such as 'ps' or 'logs', or '*', got " + quote(verb));
    }

    /**
     * Checks a name or image glob: any text without whitespace.
     *
     * @param glob for example {@code app-*}
     * @return the problem, or empty if the glob has no whitespace
     */
    static Optional<String> glob(String glob) {
        return NO_WHITESPACE.matcher(glob).matches()
                ? Optional.empty()
                : Optional.of("must not contain whitespace, got " + quote(glob));
    }

    /**
     * Checks a local (shell) user name.
     *
     * @param user an OS user name
     * @return the problem, or empty if the name has no whitespace
     */
    static Optional<String> shellUser(String user) {
        return NO_WHITESPACE.matcher(user).matches()
                ? Optional.empty()
                : Optional.of("must be an OS user name without whitespace, got " + quote(user));
    }

    /**
     * Checks a Slack user id.
     *
     * @param id for example {@code U0123ABCD}
     * @return the problem, or empty if it looks like a Slack user id
     */
    static Optional<String> slackUser(String id) {
        return SLACK_USER.matcher(id).matches()
                ? Optional.empty()
                : Optional.of("must be a Slack user id such as U0123ABCD (not a name, names can change), got "
                        + quote(id));
    }

    /**
     * Checks a Slack user-group id.
     *
     * @param id for example {@code S0123ABCD}
     * @return the problem, or empty if it looks like a Slack user-group id
     */
    static Optional<String> slackGroup(String id) {
        return SLACK_GROUP.matcher(id).matches()
                ? Optional.empty()
                : Optional.of("must be a Slack user-group id such as S0123ABCD (not a handle, handles can change), got "
                        + quote(id));
    }

    /**
     * Checks a Slack channel id.
     *
     * @param id for example {@code C0123ABCD}
     * @return the problem, or empty if it looks like a Slack channel id
     */
    static Optional<String> slackChannel(String id) {
        return SLACK_CHANNEL.matcher(id).matches()
                ? Optional.empty()
                : Optional.of("must be a Slack channel id such as C0123ABCD (not a #name, names can change), got "
                        + quote(id));
    }

    /**
     * Checks a Discord id (user, role, channel or guild).
     *
     * @param id a numeric snowflake such as {@code 123456789012345678}
     * @return the problem, or empty if it is 1 to 20 digits
     */
    static Optional<String> snowflake(String id) {
        return SNOWFLAKE.matcher(id).matches()
                ? Optional.empty()
                : Optional.of("must be a numeric Discord id (snowflake) such as 123456789012345678 "
                        + "(not a name, names can change), got " + quote(id));
    }

    /**
     * Checks a channel id in a role's {@code channels} list, which may name Slack or Discord channels.
     *
     * @param id a Slack channel id or a Discord channel snowflake
     * @return the problem, or empty if it is either
     */
    static Optional<String> anyChannel(String id) {
        return SLACK_CHANNEL.matcher(id).matches() || SNOWFLAKE.matcher(id).matches()
                ? Optional.empty()
                : Optional.of("must be a Slack channel id such as C0123ABCD or a numeric Discord channel id, got "
                        + quote(id));
    }

    /**
     * Checks a notification target.
     *
     * @param target {@code slack:ID} (channel or user id), {@code discord:ID} (channel snowflake) or {@code shell}
     * @return the problem, or empty if the target is well formed
     */
    static Optional<String> target(String target) {
        if ("shell".equals(target)) {
            return Optional.empty();
        }
        if (target.startsWith("slack:") && SLACK_TARGET.matcher(target.substring(6)).matches()) {
            return Optional.empty();
        }
        if (target.startsWith("discord:") && SNOWFLAKE.matcher(target.substring(8)).matches()) {
            return Optional.empty();
        }
        return Optional.of("must be slack:CHANNEL_ID, discord:CHANNEL_ID or shell, got " + quote(target));
    }

    /**
     * Throws if a check failed; used by the records' compact constructors.
     *
     * @param field the record component, named in the message
     * @param problem the result of a check
     * @throws IllegalArgumentException if {@code problem} is present
     */
    static void require(String field, Optional<String> problem) {
        if (problem.isPresent()) {
            throw new IllegalArgumentException(field + ": " + problem.get());
        }
    }

    /**
     * Quotes a configured value for a message: single quotes, control characters escaped, cut at 80 characters.
     *
     * @param value a non-secret value
     * @return the quoted value
     */
    static String quote(String value) {
        String cut = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        StringBuilder quoted = new StringBuilder("'");
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c == '\n') {
                quoted.append("\\n");
            } else if (c == '\t') {
                quoted.append("\\t");
            } else if (Character.isISOControl(c)) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('\'').toString();
    }
}
