package dev.stevedore.adapter.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.interactions.commands.Command;
import org.junit.jupiter.api.Test;

class DiscordAutocompleteTest {
    private record C(String name, String id, boolean running) {}

    private static List<String> values(List<Command.Choice> choices) {
        return choices.stream().map(Command.Choice::getAsString).toList();
    }

    private static List<Command.Choice> choices(List<C> cs, String typed, boolean preferRunning) {
        return DiscordAutocomplete.choices(cs, typed, C::name, C::id, c -> preferRunning && !c.running() ? 1 : 0,
                c -> c.name() + (c.running() ? " · running" : ""), "");
    }

    @Test
    void choices_bestMatchesFirst_exactPrefixWordSubstringIdFuzzy() {
        List<C> cs = List.of(
                new C("myweb", "aaa1", true),
                new C("app-web-1", "bbb2", true),
                new C("webhook", "ccc3", true),
                new C("web", "ddd4", true),
                new C("w-e-b", "eee5", true),
                new C("db", "0eb123", true),
                new C("cache", "fff6", true));
        assertThat(values(choices(cs, "web", false)))
                .containsExactly("web", "webhook", "app-web-1", "myweb", "w-e-b");
        assertThat(values(choices(cs, "0eb", false))).containsExactly("db");
        assertThat(values(choices(cs, "WEB", false)).get(0)).isEqualTo("web");
    }

    @Test
    void choices_sameScore_preferredStateThenGivenOrder() {
        List<C> cs = List.of(new C("web-2", "1", false), new C("web-1", "2", true), new C("web-3", "3", true));
        assertThat(values(choices(cs, "web", true))).containsExactly("web-1", "web-3", "web-2");
        assertThat(values(choices(cs, "", false))).containsExactly("web-2", "web-1", "web-3");
    }

    @Test
    void choices_atMost25_valuesAtMost100_labelsCut() {
        List<C> cs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            cs.add(new C("c" + i, "id" + i, true));
        }
        cs.add(new C("c-" + "x".repeat(120), "long", true));
        List<Command.Choice> out = choices(cs, "c", false);
        assertThat(out).hasSize(25);
        assertThat(out).allSatisfy(c -> {
            assertThat(c.getName().length()).isLessThanOrEqualTo(100);
            assertThat(c.getAsString().length()).isLessThanOrEqualTo(100);
        });
    }

    @Test
    void choices_multiWordOption_completesTheLastWordKeepingThePrefix() {
        List<Command.Choice> out = DiscordAutocomplete.choices(List.of("web", "db"), "d", s -> s, s -> "", s -> 0,
                s -> s, "web ");
        assertThat(values(out)).containsExactly("web db");
    }
}
