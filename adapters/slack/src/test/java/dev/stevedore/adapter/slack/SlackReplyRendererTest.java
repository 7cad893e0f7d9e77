package dev.stevedore.adapter.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import dev.stevedore.core.reply.Action;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Severity;
import dev.stevedore.core.reply.Visibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The Slack renderer: every {@link Block} subtype, Slack's limits (CASES.md P16, P28), escaping (P21), and the
 * ephemeral flag.
 */
class SlackReplyRendererTest {
    private static final Gson GSON = GsonFactory.createSnakeCase();
    private final SlackReplyRenderer renderer = new SlackReplyRenderer();

    /** One sample of every permitted Block subtype; the contract test fails when a new subtype is added. */
    private static final Map<Class<?>, Block> SAMPLES = Map.of(
            Block.Text.class, new Block.Text("plain <text> & more"),
            Block.Code.class, new Block.Code("log <!channel>\nline 2", ""),
            Block.Table.class, new Block.Table(List.of("NAME", "STATUS"), List.of(List.of("web", "Up <1s>"))),
            Block.Notice.class, new Block.Notice(Severity.SUCCESS, "web removed & gone"),
            Block.File.class, new Block.File("web.log", "<!channel> line\n", "full log of <text>: 1 line"),
            Block.Actions.class, new Block.Actions(List.of(
                    new Action("stv:ok:tok", "Confirm", Action.Kind.CONFIRM),
                    new Action("stv:no:tok", "Cancel", Action.Kind.CANCEL))));

    // ------------------------------------------------------------------------------------------ contract

    @Test
    void everyBlockSubtype_renders_withinLimits_escaped() {
        Class<?>[] permitted = Block.class.getPermittedSubclasses();
        assertThat(permitted).isNotEmpty();
        for (Class<?> type : permitted) {
            Block sample = SAMPLES.get(type);
            assertThat(sample).as("a sample of %s in SAMPLES", type.getSimpleName()).isNotNull();
            SlackMessage m = renderer.render(Reply.of(Visibility.PUBLIC, sample), Optional.empty(), "");
            assertThat(m.blocks()).as(type.getSimpleName()).isNotEmpty();
            assertWithinLimits(m);
            String json = json(m.blocks());
            assertThat(json).as(type.getSimpleName()).doesNotContain("<!channel>").doesNotContain("<text>")
                    .doesNotContain("<1s>");
        }
    }

    @Test
    void fileBlock_captionAsContext_contentAsUpload_P28() {
        Reply r = Reply.of(Visibility.PUBLIC, new Block.Text("… 9,960 earlier lines omitted"),
                new Block.Code("line 10000", ""), new Block.File("web.log", "line 1\n<!channel>\n", "full log: 2 lines"));

        SlackMessage m = renderer.render(r, Optional.empty(), "");

        assertThat(m.files()).containsExactly(new SlackMessage.Upload("web.log", "full log: 2 lines",
                "line 1\n<!channel>\n"));
        assertThat(json(m.blocks())).contains("full log: 2 lines — web.log").doesNotContain("<!channel>");
        assertWithinLimits(m);
    }

    @Test
    void onlyCaller_isEphemeral_public_isNot() {
        assertThat(renderer.render(Reply.error("nope"), Optional.empty(), "").ephemeral()).isTrue();
        assertThat(renderer.render(Reply.success("ok"), Optional.empty(), "").ephemeral()).isFalse();
    }

    // ------------------------------------------------------------------------------------------ each kind

    @Test
    void notice_hasStatusEmoji_perSeverity() {
        for (Severity s : Severity.values()) {
            SlackMessage m = renderer.render(Reply.of(Visibility.PUBLIC, new Block.Notice(s, "x")), Optional.empty(),
                    "");
            assertThat(texts(m)).first().asString().startsWith(SlackReplyRenderer.emoji(s) + " x");
        }
    }

    @Test
    void table_alignedMonospaceInCodeBlock_likeTheCli() {
        Block.Table t = new Block.Table(List.of("CONTAINER ID", "NAMES"),
                List.of(List.of("0123456789ab", "web"), List.of("ba9876543210", "db-with-long-name")));
        SlackMessage m = renderer.render(Reply.of(Visibility.PUBLIC, t), Optional.empty(), "");
        assertThat(texts(m)).containsExactly("```CONTAINER ID   NAMES\n"
                + "0123456789ab   web\n"
                + "ba9876543210   db-with-long-name```");
    }

    @Test
    void code_inFences_escaped_P21() {
        SlackMessage m = renderer.render(Reply.of(Visibility.PUBLIC, new Block.Code(
                "<!channel>\n<@U12345>\n<#C123|general>\n<https://x|y>\na<b && c>d\n&amp;\nWe've", "")),
                Optional.empty(), "");
        assertThat(texts(m)).containsExactly("```&lt;!channel&gt;\n&lt;@U12345&gt;\n&lt;#C123|general&gt;\n"
                + "&lt;https://x|y&gt;\na&lt;b &amp;&amp; c&gt;d\n&amp;amp;\nWe've```");
    }

    @Test
    void everyTextObject_isVerbatim_soSlackAutoLinksNothing_P21() {
        Reply r = Reply.of(Visibility.PUBLIC, new Block.Text("@channel see #general"),
                new Block.Notice(Severity.WARNING, "remove web?"), SAMPLES.get(Block.Actions.class));
        JsonArray blocks = JsonParser.parseString(json(renderer.render(r, Optional.of("<@U1> ran `/docker x`"), "")
                .blocks())).getAsJsonArray();
        List<JsonObject> mrkdwn = new ArrayList<>();
        collectMrkdwn(blocks, mrkdwn);
        assertThat(mrkdwn).isNotEmpty().allSatisfy(o -> assertThat(o.get("verbatim").getAsBoolean()).isTrue());
    }

    @Test
    void confirmButton_isDanger_withConfirmDialog_cancelIsPlain() {
        Reply prompt = Reply.of(Visibility.PUBLIC, new Block.Notice(Severity.WARNING, "Remove <web>?"),
                SAMPLES.get(Block.Actions.class));
        SlackMessage m = renderer.render(prompt, Optional.empty(), "");
        JsonObject actions = JsonParser.parseString(json(m.blocks())).getAsJsonArray().get(1).getAsJsonObject();
        assertThat(actions.get("type").getAsString()).isEqualTo("actions");
        JsonObject confirm = actions.getAsJsonArray("elements").get(0).getAsJsonObject();
        assertThat(confirm.get("action_id").getAsString()).isEqualTo("stv:ok:tok");
        assertThat(confirm.get("value").getAsString()).isEqualTo("CONFIRM");
        assertThat(confirm.get("style").getAsString()).isEqualTo("danger");
        assertThat(confirm.getAsJsonObject("confirm").getAsJsonObject("text").get("text").getAsString())
                .isEqualTo("Remove &lt;web&gt;?");
        JsonObject cancel = actions.getAsJsonArray("elements").get(1).getAsJsonObject();
        assertThat(cancel.get("action_id").getAsString()).isEqualTo("stv:no:tok");
        assertThat(cancel.has("style")).isFalse();
        assertThat(cancel.has("confirm")).isFalse();
    }

    @Test
    void footer_isAContextLineAtTheEnd() {
        SlackMessage m = renderer.render(Reply.success("done"), Optional.of("<@U1> ran `/docker ps`"), "");
        JsonArray blocks = JsonParser.parseString(json(m.blocks())).getAsJsonArray();
        JsonObject last = blocks.get(blocks.size() - 1).getAsJsonObject();
        assertThat(last.get("type").getAsString()).isEqualTo("context");
        assertThat(texts(m)).last().isEqualTo("<@U1> ran `/docker ps`");
    }

    @Test
    void fallbackText_isTheFirstNotice_escaped_short() {
        SlackMessage m = renderer.render(Reply.of(Visibility.PUBLIC, new Block.Code("x", ""),
                new Block.Notice(Severity.ERROR, "<!here> " + "&".repeat(500))), Optional.empty(), "");
        assertThat(m.text()).startsWith("&lt;!here&gt; &amp;").hasSizeLessThanOrEqualTo(
                SlackReplyRenderer.MAX_FALLBACK_TEXT);
    }

    @Test
    void emptyCodeAndText_stillValidBlocks() {
        SlackMessage m = renderer.render(Reply.of(Visibility.PUBLIC, new Block.Code("", ""), new Block.Text("")),
                Optional.empty(), "");
        assertThat(texts(m)).allSatisfy(t -> assertThat(t).isNotEmpty());
        assertWithinLimits(m);
    }

    // ------------------------------------------------------------------------------------------ limits

    @Test
    void section_exactly3000_fitsInOne_3001_isSplit_P16() {
        // a code block's fences take 6 characters: 2994 of content make a 3000-character section
        SlackMessage exact = renderer.render(code(lines(2994)), Optional.empty(), "");
        assertThat(texts(exact)).hasSize(1).first().asString().hasSize(3000);
        SlackMessage over = renderer.render(code(lines(2995)), Optional.empty(), "");
        assertThat(texts(over)).hasSize(2);
        assertThat(over.overflow()).isEmpty();
        assertWithinLimits(over);
    }

    @Test
    void section_emojiAndCjkAtTheLimit_countedInUtf16_neverSplitsAPair_P16() {
        // one line of 3000 UTF-16 units made of whales (surrogate pairs) and CJK: too long for a section
        String line = "鯨🐳".repeat(1000);
        SlackMessage m = renderer.render(Reply.of(Visibility.PUBLIC, new Block.Code(line, "")), Optional.empty(),
                "the file has it");
        assertWithinLimits(m);
        for (String t : texts(m)) {
            for (int i = 0; i < t.length(); i++) {
                if (Character.isHighSurrogate(t.charAt(i))) {
                    assertThat(i + 1).isLessThan(t.length());
                    assertThat(Character.isLowSurrogate(t.charAt(i + 1))).isTrue();
                }
            }
        }
        assertThat(m.overflow()).isPresent();
        assertThat(texts(m)).anySatisfy(t -> assertThat(t).contains("(long lines cut)"));
    }

    @Test
    void fiftyOneBlocks_fitInFifty_restReported_P16() {
        List<Block> blocks = new ArrayList<>();
        IntStream.range(0, 51).forEach(i -> blocks.add(new Block.Notice(Severity.INFO, "notice " + i)));
        SlackMessage m = renderer.render(new Reply(Visibility.PUBLIC, blocks, Optional.empty()),
                Optional.of("<@U1> ran `/docker x`"), "");
        assertWithinLimits(m);
        assertThat(m.blocks()).hasSizeLessThanOrEqualTo(SlackReplyRenderer.MAX_BLOCKS);
        assertThat(m.overflow()).isPresent();
        assertThat(m.overflow().get().content()).contains("notice 50");
    }

    @Test
    void hugeTable_showingNofM_rowsWithinTotalBudget_P16_P28() {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(List.of(String.format("%012x", i), "container-with-a-rather-long-name-number-" + i, "Up 2 hours"));
        }
        Reply r = Reply.of(Visibility.PUBLIC, new Block.Table(List.of("CONTAINER ID", "NAMES", "STATUS"), rows));
        SlackMessage m = renderer.render(r, Optional.of("<@U1> ran `/docker ps -a`"), "The full output follows.");
        assertWithinLimits(m);
        SlackMessage.Overflow o = m.overflow().orElseThrow();
        assertThat(o.totalLines()).isEqualTo(300);
        assertThat(o.shownLines()).isBetween(50, 299);
        assertThat(String.join("\n", texts(m))).contains("Showing " + o.shownLines() + " of 300 lines.")
                .contains("The full output follows.");
        // every chunk repeats the header
        assertThat(texts(m).stream().filter(t -> t.startsWith("```"))).allSatisfy(t ->
                assertThat(t).startsWith("```CONTAINER ID"));
        assertThat(o.content()).contains("container-with-a-rather-long-name-number-0")
                .contains("container-with-a-rather-long-name-number-299");
    }

    @Test
    void longPreview_neverPushesOutTheButtons_P16() {
        Reply prompt = Reply.of(Visibility.PUBLIC, new Block.Notice(Severity.WARNING, "Remove 5000 containers?"),
                new Block.Code(lines(200_000), ""), new Block.Text("Only alice can confirm."),
                SAMPLES.get(Block.Actions.class));
        SlackMessage m = renderer.render(prompt, Optional.empty(), "");
        assertWithinLimits(m);
        String json = json(m.blocks());
        assertThat(json).contains("stv:ok:tok").contains("stv:no:tok");
        assertThat(m.overflow()).isPresent();
    }

    @Test
    void escapingGrowth_isCountedInTheBudget_P16() {
        // 3000 '<' become 12000 characters escaped
        SlackMessage m = renderer.render(Reply.of(Visibility.PUBLIC, new Block.Text("<".repeat(3000))),
                Optional.empty(), "");
        assertWithinLimits(m);
    }

    // ------------------------------------------------------------------------------------------ golden files

    @Test
    void golden_confirmPrompt() throws Exception {
        Reply prompt = Reply.of(Visibility.PUBLIC, new Block.Notice(Severity.WARNING, "Force-remove container web?"),
                new Block.Code("0123456789ab  web  busybox:latest  running (will be killed)", ""),
                new Block.Text("Only alice can confirm; this expires in 2 min."), SAMPLES.get(Block.Actions.class));
        assertGolden("golden_confirmPrompt", renderer.render(prompt, Optional.of("<@U1> ran `/docker rm -f web`"), ""));
    }

    @Test
    void golden_psTable() throws Exception {
        Reply ps = Reply.of(Visibility.PUBLIC, new Block.Table(
                List.of("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"),
                List.of(List.of("0123456789ab", "nginx:1.27", "\"/docker-entrypoint.…\"", "2 hours ago", "Up 2 hours",
                                "0.0.0.0:8080->80/tcp", "web"),
                        List.of("ba9876543210", "busybox:latest", "\"sh\"", "3 days ago", "Exited (137) 2 days ago", "",
                                "old<job>"))));
        assertGolden("golden_psTable", renderer.render(ps, Optional.of("<@U1> ran `/docker ps -a`"), ""));
    }

    /**
     * Compares the rendered message with {@code SlackReplyRendererTest/<name>.json}; with
     * {@code -Dgolden.update=true} writes it instead (review the diff before committing).
     */
    private static void assertGolden(String name, SlackMessage m) throws Exception {
        JsonObject actual = new JsonObject();
        actual.addProperty("ephemeral", m.ephemeral());
        actual.addProperty("text", m.text());
        actual.add("blocks", JsonParser.parseString(json(m.blocks())));
        java.nio.file.Path file = java.nio.file.Path.of("src/test/resources/dev/stevedore/adapter/slack",
                "SlackReplyRendererTest", name + ".json");
        String pretty = new com.google.gson.GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                .toJson(actual) + "\n";
        if (Boolean.getBoolean("golden.update")) {
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, pretty);
        }
        assertThat(file).as("golden file (run with -Dgolden.update=true to create it)").exists();
        assertThat(JsonParser.parseString(java.nio.file.Files.readString(file))).isEqualTo(actual);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static Reply code(String body) {
        return Reply.of(Visibility.PUBLIC, new Block.Code(body, ""));
    }

    /** Lines "xxxx…" totalling exactly {@code chars} characters including newlines. */
    private static String lines(int chars) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < chars) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append("x".repeat(Math.min(79, Math.max(1, chars - sb.length()))));
        }
        return sb.substring(0, chars);
    }

    static void assertWithinLimits(SlackMessage m) {
        assertThat(m.blocks()).hasSizeBetween(1, SlackReplyRenderer.MAX_BLOCKS);
        JsonArray blocks = JsonParser.parseString(json(m.blocks())).getAsJsonArray();
        int total = 0;
        for (JsonElement b : blocks) {
            JsonObject o = b.getAsJsonObject();
            if (o.has("text")) {
                String t = o.getAsJsonObject("text").get("text").getAsString();
                assertThat(t.length()).as("section text").isBetween(1, SlackReplyRenderer.MAX_SECTION_TEXT);
            }
        }
        for (String t : texts(m)) {
            total += t.length();
        }
        assertThat(total).as("total text").isLessThanOrEqualTo(SlackReplyRenderer.MAX_TOTAL_TEXT);
        assertThat(m.text().length()).isLessThanOrEqualTo(SlackReplyRenderer.MAX_FALLBACK_TEXT);
    }

    static String json(List<LayoutBlock> blocks) {
        return GSON.toJson(blocks);
    }

    static List<String> texts(SlackMessage m) {
        List<String> out = new ArrayList<>();
        collectTexts(JsonParser.parseString(json(m.blocks())), out);
        return out;
    }

    private static void collectTexts(JsonElement e, List<String> out) {
        if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> collectTexts(x, out));
        } else if (e.isJsonObject()) {
            for (Map.Entry<String, JsonElement> en : e.getAsJsonObject().entrySet()) {
                if (en.getKey().equals("text") && en.getValue().isJsonPrimitive()) {
                    out.add(en.getValue().getAsString());
                } else {
                    collectTexts(en.getValue(), out);
                }
            }
        }
    }

    private static void collectMrkdwn(JsonElement e, List<JsonObject> out) {
        if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> collectMrkdwn(x, out));
        } else if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            if (o.has("type") && o.get("type").isJsonPrimitive() && o.get("type").getAsString().equals("mrkdwn")) {
                out.add(o);
            }
            o.entrySet().forEach(en -> collectMrkdwn(en.getValue(), out));
        }
    }
}
