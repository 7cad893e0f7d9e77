package dev.stevedore.core.command;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code run} and {@code create} ask the engine to make.
 *
 * @param image the image reference, e.g. {@code busybox:1.36}
 * @param name the container name, or empty for an engine-chosen name
 * @param env environment entries {@code KEY=VALUE}
 * @param ports published ports as given to {@code -p}, e.g. {@code 8080:80} or {@code 127.0.0.1:8080:80/tcp}
 * @param labels labels {@code KEY=VALUE}
 * @param interactive keep stdin open ({@code -i})
 * @param tty allocate a pseudo-TTY ({@code -t})
 * @param autoRemove remove the container when it exits ({@code --rm})
 * @param command the command and its arguments; empty = the image's default
 * @param restartPolicy the engine's restart policy ({@code --restart}): {@code no}, {@code always},
 *     {@code unless-stopped} or {@code on-failure[:N]}; empty = none
 */
public record ContainerSpec(
        String image,
        Optional<String> name,
        List<String> env,
        List<String> ports,
        List<String> labels,
        boolean interactive,
        boolean tty,
        boolean autoRemove,
        List<String> command,
        String restartPolicy) {
    /** Validates and copies. */
    public ContainerSpec {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(restartPolicy, "restartPolicy");
        Objects.requireNonNull(name, "name");
        env = List.copyOf(env);
        ports = List.copyOf(ports);
        labels = List.copyOf(labels);
        command = List.copyOf(command);
    }

    /**
     * A spec without a restart policy.
     *
     * @param image the image reference
     * @param name the container name, or empty
     * @param env environment entries
     * @param ports published ports
     * @param labels labels
     * @param interactive keep stdin open
     * @param tty allocate a pseudo-TTY
     * @param autoRemove remove on exit
     * @param command the command, or empty for the image's default
     */
    public ContainerSpec(String image, Optional<String> name, List<String> env, List<String> ports,
            List<String> labels, boolean interactive, boolean tty, boolean autoRemove, List<String> command) {
        this(image, name, env, ports, labels, interactive, tty, autoRemove, command, "");
    }
}
