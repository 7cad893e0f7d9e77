package dev.stevedore.adapter.discord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.core.reply.Action;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Severity;
import dev.stevedore.core.reply.Visibility;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.junit.jupiter.api.Test;

/** The renderer against Discord's limits, checked by our own counts and by JDA's builders (P23, P24, P28). */
class DiscordReplyRendererTest {
    private final DiscordReplyRenderer renderer = new DiscordReplyRenderer();

    private static Reply code(String body) {
        return Reply.of(Visibility.PUBLIC, new Block.Code(body, ""));
    }

    /** Builds the JDA request bodies, which run JDA's own length checks, and returns the create body as JSON. */
    private static JsonNode sent(DiscordMessage m) throws IOException {
        m.toEditData();
        MessageCreateData data = m.toCreateData();
        return new ObjectMapper().readTree(data.toData().toJson());
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    private static void assertNoBrokenSurrogates(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertThat(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
                        .as("high surrogate at %d is followed by its low half", i).isTrue();
                i++;
            } else {
                assertThat(Character.isLowSurrogate(c)).as("lone low surrogate at %d", i).isFalse();
            }
        }
    }

    @Test
    void render_everyBlockType_rendersWithinLimits() throws IOException {
        for (Class<?> type : Block.class.getPermittedSubclasses()) {
            Block b = switch (type.getSimpleName()) {
                case "Text" -> new Block.Text("hello");
                case "Code" -> new Block.Code("line", "json");
                case "Table" -> new Block.Table(List.of("A", "B"), List.of(List.of("1", "2")));
                case "Notice" -> new Block.Notice(Severity.SUCCESS, "done");
                case "Actions" -> new Block.Actions(List.of(new Action("stv:ok:x", "Confirm", Action.Kind.CONFIRM)));
                case "File" -> new Block.File("web.log", "line 1\nline 2\n", "full log: 2 lines");
                default -> throw new AssertionError("a new Block type needs a case here and in the renderer: " + type);
            };
            DiscordMessage m = renderer.render(Reply.of(Visibility.PUBLIC, b));
            assertThat(m.content().length()).isBetween(1, DiscordReplyRenderer.MAX_CONTENT);
            sent(m);
        }
    }

    @Test
    void render_fileBlock_attachedUnderItsName_captionInTheContent_P28() throws IOException {
        Reply r = Reply.of(Visibility.PUBLIC, new Block.Text("… 9,960 earlier lines omitted"),
                new Block.Code("line 9999\nline 10000", ""),
                new Block.File("web.log", "line 1\n@everyone\n", "full log: 10,000 lines"));

        DiscordMessage m = renderer.render(r);

        assertThat(m.files()).extracting(DiscordMessage.Attachment::name).containsExactly("web.log");
        assertThat(new String(m.files().get(0).data(), StandardCharsets.UTF_8)).isEqualTo("line 1\n@everyone\n");
        assertThat(m.content()).contains("full log: 10,000 lines — web.log").contains("line 10000");
        sent(m);
    }

    @Test
    void render_noticeAndTable_contentWithAlignedColumnsInACodeBlock() throws IOException {
        Reply r = Reply.of(Visibility.PUBLIC, new Block.Notice(Severity.SUCCESS, "web removed by alice"),
                new Block.Table(List.of("NAME", "STATUS"), List.of(List.of("web", "Up 2 minutes"))));
        DiscordMessage m = renderer.render(r);
        assertThat(m.content()).isEqualTo("✅ web removed by alice\n```\nNAME   STATUS\nweb    Up 2 minutes\n```");
        assertThat(m.files()).isEmpty();
        assertThat(m.embeds()).isEmpty();
    }

    @Test
    void render_actions_becomeButtons_confirmIsDanger() throws IOException {
        Reply r = Reply.of(Visibility.PUBLIC, new Block.Notice(Severity.WARNING, "Remove web?"),
                new Block.Actions(List.of(new Action("stv:ok:T", "Confirm", Action.Kind.CONFIRM),
                        new Action("stv:no:T", "Cancel", Action.Kind.CANCEL))));
        JsonNode json = sent(renderer.render(r));
        JsonNode buttons = json.at("/components/0/components");
        assertThat(buttons).hasSize(2);
        assertThat(buttons.get(0).path("custom_id").asText()).isEqualTo("stv:ok:T");
        assertThat(buttons.get(0).path("style").asInt()).isEqualTo(4);
        assertThat(buttons.get(1).path("custom_id").asText()).isEqualTo("stv:no:T");
        assertThat(buttons.get(1).path("style").asInt()).isEqualTo(2);
    }

    @Test
    void everyMessage_allowsNoMentions_P24() throws IOException {
        JsonNode json = sent(renderer.render(code("@everyone <@&940000000000000001> <@960000000000000001>")));
        assertThat(json.at("/allowed_mentions/parse")).isEmpty();
        assertThat(json.at("/allowed_mentions").has("users")).isFalse();
        assertThat(json.at("/allowed_mentions").has("roles")).isFalse();
        DiscordMessage m = renderer.render(code("x"));
        JsonNode edit = new ObjectMapper().readTree(m.toEditData().toData().toJson());
        assertThat(edit.at("/allowed_mentions/parse")).isEmpty();
    }

    @Test
    void backticksInDockerOutput_cannotCloseTheCodeBlock_P24() throws IOException {
        String log = String.join("\n", "```", "@everyone deploy broke", "[click](https://example.invalid)", "```js",
                "``````````");
        DiscordMessage m = renderer.render(code(log));
        String c = m.content();
        assertThat(count(c, "```")).as("only the two fences").isEqualTo(2);
        assertThat(c).startsWith("```\n").endsWith("\n```");
        String body = c.substring(4, c.length() - 4);
        for (int i = 0; i < body.length(); i++) {
            if (body.charAt(i) == '`') {
                assertThat(body.charAt(i + 1)).isEqualTo(DiscordText.ZERO_WIDTH_SPACE);
            }
        }
        assertThat(body.replace(String.valueOf(DiscordText.ZERO_WIDTH_SPACE), "")).isEqualTo(log);
        assertThat(sent(m).at("/allowed_mentions/parse")).isEmpty();
    }

    @Test
    void proseIsEscaped_markdownAndMentionsShowAsTyped() {
        DiscordMessage m = renderer.render(Reply.error("unknown command: **x** @everyone [a](b) `y`"));
        assertThat(m.content()).isEqualTo("❌ unknown command: \\*\\*x\\*\\* \\@everyone \\[a\\]\\(b\\) \\`y\\`");
    }

    @Test
    void code_1990CharactersPlusFence_fitsTheContent_P23() throws IOException {
        String body = "x".repeat(1990);
        DiscordMessage m = renderer.render(code(body));
        assertThat(m.content()).isEqualTo("```\n" + body + "\n```").hasSize(1998);
        assertThat(m.embeds()).isEmpty();
        assertThat(m.files()).isEmpty();
        sent(m);
    }

    @Test
    void code_over2000WithFence_goesToAnEmbedWithin4096_P23() throws IOException {
        String body = "y".repeat(1993); // 2001 with the fence
        DiscordMessage m = renderer.render(code(body));
        assertThat(m.files()).isEmpty();
        assertThat(m.embeds()).hasSize(1);
        MessageEmbed e = m.embeds().get(0);
        assertThat(e.getDescription()).isEqualTo("```\n" + body + "\n```");
        assertThat(e.getDescription().length()).isLessThanOrEqualTo(DiscordReplyRenderer.MAX_EMBED_DESCRIPTION);
        sent(m);
    }

    @Test
    void code_over4096_becomesExcerptAndFile_P23() throws IOException {
        String body = IntStream.range(0, 300).mapToObj(i -> String.format("line %04d %s", i, "z".repeat(6)))
                .collect(Collectors.joining("\n")); // ~4.8k
        DiscordMessage m = renderer.render(code(body));
        assertThat(m.embeds()).isEmpty();
        assertThat(m.content().length()).isLessThanOrEqualTo(2000);
        assertThat(m.content()).contains("line 0299").doesNotContain("line 0000")
                .containsPattern("showing the last \\d+ of 300 lines; the full output is attached as output\\.txt");
        assertThat(count(m.content(), "```")).isEqualTo(2);
        assertThat(m.files()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("output.txt");
            assertThat(new String(f.data(), StandardCharsets.UTF_8)).isEqualTo(body);
        });
        sent(m);
    }

    @Test
    void tenCodeBlocksOver6000Together_becomeFiles_P23() throws IOException {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            blocks.add(new Block.Code("b".repeat(593), "")); // 601 each fenced: 6010 together
        }
        DiscordMessage m = renderer.render(new Reply(Visibility.PUBLIC, blocks, Optional.empty()));
        assertThat(m.embeds()).isEmpty();
        assertThat(m.files()).hasSize(10);
        assertThat(m.content().length()).isLessThanOrEqualTo(2000);
        assertThat(count(m.content(), "```")).isEqualTo(20);
        sent(m);
    }

    @Test
    void surrogatePairsAtTheCut_neverSplit_P23() throws IOException {
        // one very long line of emoji: the excerpt cuts inside the line
        String body = "🐳".repeat(3000);
        DiscordMessage m = renderer.render(code(body));
        assertNoBrokenSurrogates(m.content());
        assertThat(m.content().length()).isLessThanOrEqualTo(2000);
        assertThat(m.files()).hasSize(1);
        sent(m);
        for (int max = 1; max < 12; max++) {
            assertNoBrokenSurrogates(DiscordText.cut("a🐳b🐳🐳c", max));
            assertNoBrokenSurrogates(DiscordText.cutFront("a🐳b🐳🐳c", max));
            assertThat(DiscordText.cut("a🐳b🐳🐳c", max).length()).isLessThanOrEqualTo(max);
            assertThat(DiscordText.cutFront("a🐳b🐳🐳c", max).length()).isLessThanOrEqualTo(max);
        }
    }

    @Test
    void tenThousandLines_lastLinesShown_fullLogAttached_P28() throws IOException {
        String body = IntStream.rangeClosed(1, 10_000).mapToObj(i -> "log line " + i)
                .collect(Collectors.joining("\n"));
        DiscordMessage m = renderer.render(Reply.of(Visibility.PUBLIC,
                new Block.Notice(Severity.INFO, "web exited with code 137"), new Block.Code(body, "")));
        assertThat(m.content()).startsWith("web exited with code 137\n```\n").contains("log line 10000")
                .containsPattern("showing the last [\\d,]+ of 10,000 lines");
        assertThat(count(m.content(), "```")).isEqualTo(2);
        assertThat(new String(m.files().get(0).data(), StandardCharsets.UTF_8).lines().count()).isEqualTo(10_000);
        sent(m);
    }

    @Test
    void longTable_keepsTheHeaderAndFirstRows_fullTableAttached() throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(List.of("c" + i, "Up " + i + " minutes", "name-" + i));
        }
        DiscordMessage m = renderer.render(Reply.of(Visibility.PUBLIC,
                new Block.Table(List.of("ID", "STATUS", "NAMES"), rows)));
        assertThat(m.embeds()).isEmpty();
        assertThat(m.content()).startsWith("```\nID    STATUS          NAMES\nc0    Up 0 minutes    name-0")
                .containsPattern("showing the first \\d+ of 100 rows; the full output is attached as table\\.txt");
        String file = new String(m.files().get(0).data(), StandardCharsets.UTF_8);
        assertThat(file.lines().count()).isEqualTo(101);
        assertThat(file).contains("name-99");
        sent(m);
    }
}
