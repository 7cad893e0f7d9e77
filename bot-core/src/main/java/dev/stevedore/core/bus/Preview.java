package dev.stevedore.core.bus;

import java.util.List;
import java.util.Objects;

/**
 * What a destructive command would do, shown before the user confirms.
 *
 * @param question one line, e.g. {@code "Remove container web (running, will be killed)?"}
 * @param details further lines, e.g. the containers a prune would remove; may be empty
 * @param boundIds the full container ids the confirmation is bound to: on Confirm, exactly these are acted on
 * @param actionable false when there is nothing to do: the question is then shown as information, with no buttons
 */
public record Preview(String question, List<String> details, List<String> boundIds, boolean actionable) {
    /** Validates and copies. */
    public Preview {
        Objects.requireNonNull(question, "question");
        details = List.copyOf(details);
        boundIds = List.copyOf(boundIds);
    }

    /**
     * A preview that needs a confirmation.
     *
     * @param question the question
     * @param details further lines
     * @param boundIds the container ids to bind
     * @return the preview
     */
    public static Preview ask(String question, List<String> details, List<String> boundIds) {
        return new Preview(question, details, boundIds, true);
    }

    /**
     * A preview that finds nothing to do, e.g. a prune on a clean engine.
     *
     * @param message e.g. {@code "nothing to prune: no stopped containers (0B reclaimable)"}
     * @return the preview
     */
    public static Preview nothingToDo(String message) {
        return new Preview(message, List.of(), List.of(), false);
    }
}
