package dev.stevedore.core.auth;

import dev.stevedore.core.bus.ConversationRef;

/**
 * Decides who may run which verb, on which container, in which conversation. Deny by default.
 *
 * <p>Called by the command bus on every path (typed commands, buttons, thread replies) in two steps: {@link
 * #checkVerb} before any engine call, then {@link #checkContainer} once the target container is resolved, so a
 * container-scoped role cannot be escaped with an id prefix. Implementations must be thread-safe and must not
 * block.
 */
public interface AccessPolicy {
    /**
     * Whether {@code caller} may run {@code verb} at all in {@code conversation}.
     *
     * @param caller who asks
     * @param verb the permission verb of the command, e.g. {@code "rm"} (see {@code CommandSpec#verb()})
     * @param conversation where the command was typed
     * @return allowed, or denied with a reason for the caller
     */
    AccessDecision checkVerb(Caller caller, String verb, ConversationRef conversation);

    /**
     * Whether {@code caller} may run {@code verb} on this particular container.
     *
     * @param caller who asks
     * @param verb the permission verb
     * @param conversation where the command was typed
     * @param container the resolved target
     * @return allowed, or denied with a reason for the caller
     */
    AccessDecision checkContainer(Caller caller, String verb, ConversationRef conversation, ContainerScope container);
}
