package dev.stevedore.adapter.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.auth.Platform;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.bus.Invocation;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlackCommandTranslatorTest {
    private final SlackCommandTranslator translator = new SlackCommandTranslator();

    @Test
    void commandText_slackEscaping_isUndone() {
        assertThat(translator.commandText("run img sh -c \"echo a &gt; b &amp;&amp; true\""))
                .isEqualTo("run img sh -c \"echo a > b && true\"");
    }

    @Test
    void commandText_emptyOrBlank_meansHelp() {
        assertThat(translator.commandText(null)).isEqualTo("help");
        assertThat(translator.commandText("   ")).isEqualTo("help");
        assertThat(translator.commandText("  ps -a  ")).isEqualTo("ps -a");
    }

    @Test
    void commandText_overlong_isNeverCut_aCutCommandWouldBeAnotherCommand() {
        String text = "rm -f" + " ".repeat(3987) + "app-tt-12";

        assertThat(translator.commandText(text)).isEqualTo(text).endsWith("app-tt-12");
    }

    @Test
    void conversation_channel_carriesTeamAndChannel() {
        ConversationRef c = translator.conversation("T1", "C42", "ops", null);
        assertThat(c).isEqualTo(new ConversationRef(Platform.SLACK, "T1", "C42", Optional.empty()));
    }

    @Test
    void conversation_directMessages_haveNoWorkspace() {
        assertThat(translator.conversation("T1", "D42", "directmessage", null).workspace()).isEmpty();
        assertThat(translator.conversation("T1", "D42", null, null).workspace()).isEmpty();
        assertThat(translator.conversation("T1", "G42", "mpdm-alice--bob-1", null).workspace()).isEmpty();
        assertThat(translator.conversation("T1", "G42", "privategroup", null).workspace()).isEqualTo("T1");
    }

    @Test
    void conversation_thread_isKept() {
        assertThat(translator.conversation("T1", "C1", "ops", "1700.1").threadId()).contains("1700.1");
    }

    @Test
    void caller_userIdIsIdentity_nameIsForDisplay() {
        Caller c = translator.caller("U1", "alice", Set.of("S1"));
        assertThat(c).isEqualTo(new Caller(Platform.SLACK, "U1", "alice", Set.of("S1")));
        assertThat(translator.caller("U1", " ", Set.of()).displayName()).isEqualTo("U1");
    }

    @Test
    void toInvocation_isNeutral() {
        Caller c = translator.caller("U1", "alice", Set.of());
        ConversationRef where = translator.conversation("T1", "C1", "ops", null);
        Invocation inv = translator.toInvocation(c, where, "rm -f web");
        assertThat(inv.text()).isEqualTo("rm -f web");
        assertThat(inv.caller()).isEqualTo(c);
        assertThat(inv.conversation()).isEqualTo(where);
        assertThat(translator.toAction(c, where, "stv:ok:abc").actionId()).isEqualTo("stv:ok:abc");
    }
}
