package dev.stevedore.core.internal.confirm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.auth.Platform;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.command.Command;
import dev.stevedore.core.error.ConfirmationException;
import dev.stevedore.core.testing.FakeTicker;
import dev.stevedore.core.testing.Invocations;
import dev.stevedore.core.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ConfirmationsTest {
    private static final Duration TTL = Duration.ofMinutes(2);

    private final MutableClock clock = MutableClock.create();
    private final FakeTicker ticker = new FakeTicker();
    private final Confirmations confirmations = new Confirmations(TTL, clock, ticker);
    private final Caller alice = Invocations.slackUser("U1");
    private final ConversationRef c1 = Invocations.slackChannel("C1");

    private PendingConfirmation pending(Caller requester, ConversationRef where) {
        PendingConfirmation p = new PendingConfirmation(Confirmations.newToken(), requester, where,
                new Command.PruneContainers(), "container prune", List.of("a".repeat(64)), confirmations.expiry());
        confirmations.add(p);
        return p;
    }

    @Test
    void newToken_is22UrlSafeCharacters_andUnique() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            tokens.add(Confirmations.newToken());
        }

        assertThat(tokens).hasSize(1_000).allSatisfy(t -> assertThat(t).matches("[A-Za-z0-9_-]{22}"));
    }

    @Test
    void expiry_isTheClockPlusTheTtl() {
        assertThat(confirmations.expiry()).isEqualTo(MutableClock.EPOCH.plus(TTL));
        clock.advance(Duration.ofHours(1));
        assertThat(confirmations.expiry()).isEqualTo(MutableClock.EPOCH.plus(TTL).plusSeconds(3600));
        assertThat(confirmations.ttl()).isEqualTo(TTL);
    }

    @Test
    void claim_byTheRequesterInTheSameConversation_returnsItAndRemovesIt() {
        PendingConfirmation p = pending(alice, c1);

        assertThat(confirmations.claim(p.token(), alice, c1)).isEqualTo(p);
        assertThat(confirmations.peek(p.token())).isEmpty();
    }

    @Test
    void claim_inAnotherThreadOfTheSameChannel_isAllowed() {
        PendingConfirmation p = pending(alice, c1);
        ConversationRef thread = new ConversationRef(Platform.SLACK, c1.workspace(), "C1", Optional.of("1.2"));

        assertThat(confirmations.claim(p.token(), alice, thread)).isEqualTo(p);
    }

    @Test
    void claim_bySomeoneElse_isRefusedAndStaysPending() {
        PendingConfirmation p = pending(alice, c1);

        assertThatThrownBy(() -> confirmations.claim(p.token(), Invocations.slackUser("U2"), c1))
                .isInstanceOf(ConfirmationException.class)
                .hasMessage("only U1 can confirm or cancel this (they asked for it)");
        assertThat(confirmations.peek(p.token())).contains(p);
        assertThat(confirmations.claim(p.token(), alice, c1)).isEqualTo(p);
    }

    @Test
    void claim_sameUserIdOnAnotherPlatform_isSomeoneElse() {
        PendingConfirmation p = pending(alice, c1);
        Caller sameIdOnDiscord = new Caller(Platform.DISCORD, "U1", "U1", Set.of());

        assertThatThrownBy(() -> confirmations.claim(p.token(), sameIdOnDiscord, c1))
                .isInstanceOf(ConfirmationException.class);
    }

    @Test
    void claim_sameUserWithAnotherDisplayName_isTheRequester() {
        PendingConfirmation p = pending(alice, c1);
        Caller renamed = new Caller(Platform.SLACK, "U1", "Alice (away)", Set.of("S1"));

        assertThat(confirmations.claim(p.token(), renamed, c1)).isEqualTo(p);
    }

    @Test
    void claim_inAnotherConversation_isRefusedAndStaysPending() {
        PendingConfirmation p = pending(alice, c1);

        assertThatThrownBy(() -> confirmations.claim(p.token(), alice, Invocations.slackChannel("C2")))
                .isInstanceOf(ConfirmationException.class)
                .hasMessage("this confirmation belongs to another conversation");
        assertThat(confirmations.peek(p.token())).contains(p);
    }

    @Test
    void claim_twice_secondSaysAlreadyHandledWithTheOutcome() {
        PendingConfirmation p = pending(alice, c1);
        confirmations.claim(p.token(), alice, c1);
        confirmations.resolved(p.token(), "confirmed by U1");

        assertThatThrownBy(() -> confirmations.claim(p.token(), alice, c1))
                .isInstanceOf(ConfirmationException.class)
                .hasMessage("already handled: confirmed by U1");
    }

    @Test
    void claim_afterTheTtl_saysExpired() {
        PendingConfirmation p = pending(alice, c1);

        ticker.advance(TTL.plusNanos(1));

        assertThat(confirmations.peek(p.token())).isEmpty();
        assertThatThrownBy(() -> confirmations.claim(p.token(), alice, c1))
                .isInstanceOf(ConfirmationException.class)
                .hasMessage("this confirmation expired — run the command again");
    }

    @Test
    void claim_justBeforeTheTtl_works() {
        PendingConfirmation p = pending(alice, c1);

        ticker.advance(TTL.minusMillis(1));

        assertThat(confirmations.claim(p.token(), alice, c1)).isEqualTo(p);
    }

    @Test
    void claim_unknownToken_saysExpired() {
        assertThatThrownBy(() -> confirmations.claim("nope", alice, c1))
                .isInstanceOf(ConfirmationException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void resolvedOutcome_isRememberedLongerThanTheTtl() {
        PendingConfirmation p = pending(alice, c1);
        confirmations.claim(p.token(), alice, c1);
        confirmations.resolved(p.token(), "cancelled by U1");

        ticker.advance(TTL.multipliedBy(5));

        assertThatThrownBy(() -> confirmations.claim(p.token(), alice, c1))
                .hasMessage("already handled: cancelled by U1");
    }

    @Test
    void tokens_areIndependent() {
        PendingConfirmation a = pending(alice, c1);
        PendingConfirmation b = pending(alice, c1);

        confirmations.claim(a.token(), alice, c1);

        assertThat(confirmations.peek(b.token())).contains(b);
    }

    @RepeatedTest(5)
    void claim_concurrently_exactlyOneCallerWins() throws Exception {
        PendingConfirmation p = pending(alice, c1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        confirmations.claim(p.token(), alice, c1);
                        return true;
                    } catch (ConfirmationException e) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int wins = 0;
            for (Future<Boolean> r : results) {
                wins += r.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }

            assertThat(wins).isOne();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void claim_whileTheWinnerIsStillRunning_saysAlreadyHandledNotExpired() {
        PendingConfirmation p = pending(alice, c1);
        confirmations.claim(p.token(), alice, c1); // the winner; resolved() not called yet

        assertThatThrownBy(() -> confirmations.claim(p.token(), alice, c1))
                .isInstanceOf(ConfirmationException.class)
                .hasMessageStartingWith("already handled");
    }
}
