package dev.stevedore.core.bus;

import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.engine.ContainerDetails;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a handler knows about the invocation it runs.
 *
 * @param id the invocation id
 * @param caller who asked
 * @param conversation where
 * @param targets the command's target containers, resolved by the bus in the order given, or for a confirmed
 *     command, the containers the confirmation was bound to
 * @param confirmedBy who confirmed, for a confirmed destructive command
 * @param inScope whether the caller's roles cover a container for this command's verb: listings show only those
 */
public record HandlerContext(
        InvocationId id,
        Caller caller,
        ConversationRef conversation,
        List<ContainerDetails> targets,
        Optional<Caller> confirmedBy,
        java.util.function.Predicate<dev.stevedore.core.auth.ContainerScope> inScope) {
    /** Validates and copies. */
    public HandlerContext {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(conversation, "conversation");
        targets = List.copyOf(targets);
        Objects.requireNonNull(confirmedBy, "confirmedBy");
        Objects.requireNonNull(inScope, "inScope");
    }

    /**
     * A context in which every container is in scope.
     *
     * @param id the invocation id
     * @param caller who asked
     * @param conversation where
     * @param targets the resolved targets
     * @param confirmedBy who confirmed, if anyone
     */
    public HandlerContext(InvocationId id, Caller caller, ConversationRef conversation, List<ContainerDetails> targets,
            Optional<Caller> confirmedBy) {
        this(id, caller, conversation, targets, confirmedBy, c -> true);
    }

    /**
     * The single target of a one-container command.
     *
     * @return the first target
     * @throws IllegalStateException if there is none
     */
    public ContainerDetails target() {
        if (targets.isEmpty()) {
            throw new IllegalStateException("no target container");
        }
        return targets.get(0);
    }

    /**
     * The " by alice" suffix for public outcomes.
     *
     * @return e.g. {@code " by alice"}
     */
    public String byWhom() {
        return " by " + confirmedBy.orElse(caller).displayName();
    }
}
