package dev.stevedore.adapter.slack;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.slack.api.methods.response.usergroups.UsergroupsListResponse;
import com.slack.api.model.Usergroup;
import dev.stevedore.core.auth.Caller;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link Caller} of a Slack payload, with the user's user-group ids when the access configuration binds
 * roles to Slack user groups.
 *
 * <p>Membership comes from one {@code usergroups.list?include_users=true} call (scope {@code usergroups:read}),
 * cached with Caffeine: it expires {@code ttl} after loading and is refreshed in the background after half of that,
 * so only the very first command waits for Slack. A failed lookup gives no groups (deny by default) and is retried
 * on the next command. Thread-safe.
 */
final class SlackCallerResolver {
    private static final Logger log = LoggerFactory.getLogger(SlackCallerResolver.class);
    private static final String KEY = "memberships";

    private final SlackCommandTranslator translator;
    private final @Nullable AsyncLoadingCache<String, Map<String, Set<String>>> memberships;

    /**
     * Creates a resolver.
     *
     * @param translator builds the callers
     * @param groupsEnabled whether to look up user groups at all
     * @param lookup the {@code usergroups.list} call, blocking
     * @param ttl how long a membership list is used, e.g. 5 minutes
     * @param executor runs the lookups
     * @param ticker Caffeine's time source
     */
    SlackCallerResolver(SlackCommandTranslator translator, boolean groupsEnabled,
            Supplier<UsergroupsListResponse> lookup, Duration ttl, Executor executor, Ticker ticker) {
        this.translator = translator;
        this.memberships = !groupsEnabled ? null : Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .refreshAfterWrite(ttl.dividedBy(2))
                .executor(executor)
                .ticker(ticker)
                .buildAsync(k -> load(lookup));
    }

    /**
     * The caller at once, when no lookup is needed (groups off, or the memberships are cached).
     *
     * @param userId the Slack user id
     * @param userName the name to show, possibly null
     * @return the caller, or empty when {@link #resolve} must wait for Slack
     */
    Optional<Caller> resolveNow(String userId, @Nullable String userName) {
        if (memberships == null) {
            return Optional.of(translator.caller(userId, userName, Set.of()));
        }
        Map<String, Set<String>> known = memberships.synchronous().getIfPresent(KEY);
        return known == null ? Optional.empty()
                : Optional.of(translator.caller(userId, userName, known.getOrDefault(userId, Set.of())));
    }

    /**
     * The caller, looking up user groups when needed; never completes exceptionally.
     *
     * @param userId the Slack user id
     * @param userName the name to show, possibly null
     * @return the caller; without groups if the lookup failed
     */
    CompletableFuture<Caller> resolve(String userId, @Nullable String userName) {
        Optional<Caller> now = resolveNow(userId, userName);
        if (now.isPresent() || memberships == null) {
            return CompletableFuture.completedFuture(now.orElseGet(() -> translator.caller(userId, userName, Set.of())));
        }
        return memberships.get(KEY).handle((known, t) -> {
            // a failed lookup loads null (logged in load), so it is not cached and is retried next time
            Map<String, Set<String>> m = t == null && known != null ? known : Map.of();
            return translator.caller(userId, userName, m.getOrDefault(userId, Set.of()));
        });
    }

    private static @Nullable Map<String, Set<String>> load(Supplier<UsergroupsListResponse> lookup) {
        UsergroupsListResponse r;
        try {
            r = lookup.get();
        } catch (SlackWeb.CallException e) {
            log.warn("could not read Slack user groups (Slack said {}); group bindings do not apply until it works",
                    e.getMessage());
            return null;
        }
        Map<String, Set<String>> byUser = new HashMap<>();
        if (r.getUsergroups() != null) {
            for (Usergroup g : r.getUsergroups()) {
                if (g.getUsers() == null) {
                    continue;
                }
                for (String user : g.getUsers()) {
                    byUser.computeIfAbsent(user, u -> new HashSet<>()).add(g.getId());
                }
            }
        }
        Map<String, Set<String>> frozen = new HashMap<>();
        byUser.forEach((u, gs) -> frozen.put(u, Set.copyOf(gs)));
        return Map.copyOf(frozen);
    }
}
