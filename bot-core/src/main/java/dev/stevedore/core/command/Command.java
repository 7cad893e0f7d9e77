package dev.stevedore.core.command;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A parsed, typed command: one record per command of the {@link CommandCatalog}.
 *
 * <p>Records validate their values; the bus dispatches on the record's class (Java 17 has no pattern matching for
 * switch), and a compliance test checks that every permitted record has a spec, a handler and help text.
 */
public sealed interface Command {

    /**
     * The containers this command acts on, as the user named them; the bus resolves them to ids before
     * permission checks on container scope and before confirmation.
     *
     * @return the targets, empty for commands that target no existing container
     */
    default List<ContainerRef> targets() {
        return List.of();
    }

    /** {@code version}, {@code -v}, {@code --version}: bot, engine and API versions. */
    record ShowVersion() implements Command {}

    /**
     * {@code help [COMMAND]}.
     *
     * @param topic the command to explain, or empty for the list of commands
     */
    record ShowHelp(Optional<String> topic) implements Command {
        /** Validates. */
        public ShowHelp {
            Objects.requireNonNull(topic, "topic");
        }
    }

    /**
     * {@code ps [-a]}, {@code container ls [-a]}.
     *
     * @param all include stopped containers
     */
    record ListContainers(boolean all) implements Command {}

    /** {@code images}, {@code image ls}. */
    record ListImages() implements Command {}

    /**
     * {@code run [-d] [-i] [-t] [--name N] [-e K=V]... [-p H:C]... [--rm] IMAGE [CMD...]}.
     *
     * @param spec what to create
     * @param detach start in the background and print the id ({@code -d}); otherwise stream the output until exit
     */
    record RunContainer(ContainerSpec spec, boolean detach) implements Command {
        /** Validates. */
        public RunContainer {
            Objects.requireNonNull(spec, "spec");
        }
    }

    /**
     * {@code create [-i] [-t] [--name N] IMAGE [CMD...]}: created, not started.
     *
     * @param spec what to create
     */
    record CreateContainer(ContainerSpec spec) implements Command {
        /** Validates. */
        public CreateContainer {
            Objects.requireNonNull(spec, "spec");
        }
    }

    /**
     * {@code start CONTAINER...}.
     *
     * @param containers the containers to start
     */
    record StartContainers(List<ContainerRef> containers) implements Command {
        /** Validates and copies. */
        public StartContainers {
            containers = List.copyOf(containers);
        }

        @Override
        public List<ContainerRef> targets() {
            return containers;
        }
    }

    /**
     * {@code stop [-t SECONDS] CONTAINER...}.
     *
     * @param containers the containers to stop
     * @param timeout how long to wait after SIGTERM before SIGKILL; empty = the container's own default (10 s)
     */
    record StopContainers(List<ContainerRef> containers, Optional<Duration> timeout) implements Command {
        /** Validates and copies. */
        public StopContainers {
            containers = List.copyOf(containers);
            Objects.requireNonNull(timeout, "timeout");
        }

        @Override
        public List<ContainerRef> targets() {
            return containers;
        }
    }

    /**
     * {@code restart [-t SECONDS] CONTAINER...}.
     *
     * @param containers the containers to restart
     * @param timeout how long to wait after SIGTERM before SIGKILL; empty = the container's default
     */
    record RestartContainers(List<ContainerRef> containers, Optional<Duration> timeout) implements Command {
        /** Validates and copies. */
        public RestartContainers {
            containers = List.copyOf(containers);
            Objects.requireNonNull(timeout, "timeout");
        }

        @Override
        public List<ContainerRef> targets() {
            return containers;
        }
    }

    /**
     * {@code attach CONTAINER}: stream its output; in chat and the shell, lines from the requester go to stdin.
     *
     * @param container the container
     */
    record AttachContainer(ContainerRef container) implements Command {
        /** Validates. */
        public AttachContainer {
            Objects.requireNonNull(container, "container");
        }

        @Override
        public List<ContainerRef> targets() {
            return List.of(container);
        }
    }

    /**
     * {@code rename CONTAINER NEW_NAME}.
     *
     * @param container the container
     * @param newName the new name (engine charset, at least 2 characters)
     */
    record RenameContainer(ContainerRef container, String newName) implements Command {
        /** Validates. */
        public RenameContainer {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(newName, "newName");
        }

        @Override
        public List<ContainerRef> targets() {
            return List.of(container);
        }
    }

    /**
     * {@code rm [-f] CONTAINER...}: always confirmed first.
     *
     * @param containers the containers to remove
     * @param force kill running containers first ({@code -f})
     */
    record RemoveContainers(List<ContainerRef> containers, boolean force) implements Command {
        /** Validates and copies. */
        public RemoveContainers {
            containers = List.copyOf(containers);
        }

        @Override
        public List<ContainerRef> targets() {
            return containers;
        }
    }

    /** {@code container prune}: previews the stopped containers and the space, then asks for confirmation. */
    record PruneContainers() implements Command {}

    /**
     * {@code commit CONTAINER [REPOSITORY[:TAG]]}: a new image from the container's changes.
     *
     * @param container the container
     * @param repository the repository of the new image, or empty for an untagged image
     * @param tag the tag; empty = {@code latest} when a repository is given
     */
    record CommitContainer(ContainerRef container, Optional<String> repository, Optional<String> tag)
            implements Command {
        /** Validates. */
        public CommitContainer {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(tag, "tag");
        }

        @Override
        public List<ContainerRef> targets() {
            return List.of(container);
        }
    }

    /**
     * {@code pull IMAGE[:TAG]}.
     *
     * @param image the image reference; {@code :latest} is implied when no tag or digest is given
     */
    record PullImage(String image) implements Command {
        /** Validates. */
        public PullImage {
            Objects.requireNonNull(image, "image");
        }
    }

    /**
     * {@code mute CONTAINER DURATION}: silence a container's exit alerts (single exits, crash-loop updates, recovery)
     * for a while. The mute follows the container's name.
     *
     * @param container the container
     * @param duration how long, more than zero and at most 30 days
     */
    record MuteContainer(ContainerRef container, Duration duration) implements Command {
        /** Validates. */
        public MuteContainer {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(duration, "duration");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("mute duration must be positive: " + duration);
            }
        }

        @Override
        public List<ContainerRef> targets() {
            return List.of(container);
        }
    }

    /**
     * {@code unmute NAME}: end a mute; the container need not exist any more.
     *
     * @param name the container name as muted (a leading {@code /} is dropped)
     */
    record UnmuteContainer(String name) implements Command {
        /** Validates. */
        public UnmuteContainer {
            Objects.requireNonNull(name, "name");
        }
    }

    /** {@code notifications}: the notification routes and the mutes in force. */
    record ShowNotifications() implements Command {}

    /**
     * {@code logs [-f] [--tail N|all] [--since DURATION|TIME] [-t] [--grep REGEX] CONTAINER}.
     *
     * @param container the container
     * @param tailLines how many of the last lines to show; empty = all
     * @param follow keep streaming until the container exits or the user stops
     * @param timestamps prefix each line with the engine's RFC 3339 timestamp
     * @param since only lines the engine logged at or after this point; empty = from the start
     * @param grep a Java regular expression ({@link java.util.regex.Pattern} syntax, searched with {@code find()})
     *     matched against each line after ANSI cleaning; only matching lines are shown; empty = all lines
     */
    record ShowLogs(ContainerRef container, OptionalInt tailLines, boolean follow, boolean timestamps,
            Optional<Since> since, Optional<String> grep) implements Command {
        /** Validates. */
        public ShowLogs {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(tailLines, "tailLines");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(grep, "grep");
            if (tailLines.isPresent() && tailLines.getAsInt() < 0) {
                throw new IllegalArgumentException("tailLines cannot be negative: " + tailLines.getAsInt());
            }
            grep.ifPresent(java.util.regex.Pattern::compile);
        }

        /**
         * A {@code logs} command without {@code --since} and {@code --grep}.
         *
         * @param container the container
         * @param tailLines how many of the last lines; empty = all
         * @param follow keep streaming
         * @param timestamps prefix timestamps
         */
        public ShowLogs(ContainerRef container, OptionalInt tailLines, boolean follow, boolean timestamps) {
            this(container, tailLines, follow, timestamps, Optional.empty(), Optional.empty());
        }

        @Override
        public List<ContainerRef> targets() {
            return List.of(container);
        }

        /**
         * The start of a {@code --since} window: either a time relative to when the command runs ({@code 10m}) or
         * an absolute instant (RFC 3339, e.g. {@code 2026-11-30T02:00:00Z}).
         *
         * @param ago how long before now, when relative; positive
         * @param at the instant, when absolute
         */
        public record Since(Optional<Duration> ago, Optional<java.time.Instant> at) {
            /** Validates: exactly one of the two is present. */
            public Since {
                Objects.requireNonNull(ago, "ago");
                Objects.requireNonNull(at, "at");
                if (ago.isPresent() == at.isPresent()) {
                    throw new IllegalArgumentException("exactly one of ago and at");
                }
                ago.ifPresent(d -> {
                    if (d.isNegative() || d.isZero()) {
                        throw new IllegalArgumentException("ago must be positive: " + d);
                    }
                });
            }

            /**
             * The instant this window starts at.
             *
             * @param now the current time (the command's receipt time)
             * @return {@code now - ago}, or {@code at}
             */
            public java.time.Instant resolve(java.time.Instant now) {
                return at.orElseGet(() -> now.minus(ago.orElseThrow()));
            }
        }
    }
}
