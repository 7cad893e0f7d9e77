package dev.stevedore.core.internal.engine;

import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.UnauthorizedException;
import dev.stevedore.core.error.CommandException;
import dev.stevedore.core.error.EngineUnavailableException;
import dev.stevedore.core.error.UsageException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where docker-java failures become {@link CommandException}s with plain words, following the
 * engine's documented statuses: 404 no such object, 409 conflict with the current state, 304 nothing to do
 * (handled by the callers, as it is not an error), 400 bad parameter, 500 engine-side failure.
 */
final class DockerErrors {
    private static final Pattern JSON_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private DockerErrors() {}

    /**
     * The engine's own message from a docker-java exception, without the status prefix and JSON wrapping.
     *
     * @param e the exception
     * @return e.g. {@code "No such container: web"}
     */
    static String engineMessage(Throwable e) {
        String m = String.valueOf(e.getMessage());
        Matcher j = JSON_MESSAGE.matcher(m);
        if (j.find()) {
            m = j.group(1).replace("\\\"", "\"").replace("\\n", " ").replace("\\\\", "\\");
        } else {
            m = m.replaceFirst("^Status \\d+:\\s*", "");
        }
        m = m.strip();
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }

    /**
     * Translates a failure of an engine call that is not specific to one object.
     *
     * @param host the engine address, for unreachable-engine messages
     * @param what the operation in words, e.g. {@code "list containers"}
     * @param e the failure
     * @return the exception to throw
     */
    static RuntimeException translate(String host, String what, RuntimeException e) {
        if (e instanceof CommandException) {
            return e;
        }
        Optional<String> transport = transportCause(e);
        if (transport.isPresent()) {
            return new EngineUnavailableException(
                    "cannot reach the Docker Engine at " + host + ": " + transport.get(), e);
        }
        if (e instanceof ConflictException) {
            return new dev.stevedore.core.error.ConflictException("cannot " + what + ": " + engineMessage(e), e);
        }
        if (e instanceof BadRequestException) {
            return new UsageException("cannot " + what + ": " + engineMessage(e), Optional.empty());
        }
        if (e instanceof UnauthorizedException) {
            return new dev.stevedore.core.error.ConflictException(
                    "cannot " + what + ": the engine refused (" + engineMessage(e) + ")", e);
        }
        if (e instanceof InternalServerErrorException || e instanceof NotFoundException) {
            return new dev.stevedore.core.error.ConflictException("cannot " + what + ": " + engineMessage(e), e);
        }
        if (e instanceof DockerException) {
            return new dev.stevedore.core.error.ConflictException("cannot " + what + ": " + engineMessage(e), e);
        }
        return e;
    }

    /**
     * Recognises a failure to reach the engine at all and names its cause in words.
     *
     * @param e the failure
     * @return e.g. {@code "socket not found"}, or empty when the engine was reached
     */
    static Optional<String> transportCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DockerException || t instanceof DockerClientException) {
                // the engine answered: its message is about its own work ("dial tcp …: connection refused" from a
                // registry, "stat /app: no such file or directory" in an image), never about reaching the engine
                continue;
            }
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            String type = t.getClass().getSimpleName();
            if (type.equals("NoSuchFileException") || m.contains("no such file or directory")) {
                return Optional.of("socket not found (is the engine running?)");
            }
            if (type.equals("AccessDeniedException") || m.contains("permission denied")) {
                return Optional.of("permission denied (is this user in the docker group?)");
            }
            if (t instanceof java.net.ConnectException || m.contains("connection refused")) {
                return Optional.of("connection refused");
            }
            if (t instanceof java.net.UnknownHostException) {
                return Optional.of("unknown host " + t.getMessage());
            }
            if (t instanceof java.net.SocketTimeoutException
                    || type.contains("Timeout")
                    || m.contains("timed out")) {
                return Optional.of("timed out");
            }
            if (t instanceof java.net.NoRouteToHostException) {
                return Optional.of("no route to host");
            }
            if (t instanceof java.io.IOException && !(t instanceof java.io.InterruptedIOException)
                    && t.getCause() == null) {
                return Optional.of("connection failed (" + t.getMessage() + ")");
            }
        }
        return Optional.empty();
    }
}
