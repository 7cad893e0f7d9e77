package dev.stevedore.core.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplyTest {
    /** One instance of every block type; a new block type must be added here (and to every renderer). */
    private static final Map<Class<? extends Block>, Block> SAMPLES = Map.of(
            Block.Text.class, new Block.Text("text"),
            Block.Code.class, new Block.Code("code", ""),
            Block.Table.class, new Block.Table(List.of("A", "B"), List.of(List.of("1", "2"))),
            Block.Notice.class, new Block.Notice(Severity.INFO, "notice"),
            Block.File.class, new Block.File("web.log", "line 1\nline 2", "full log: 2 lines"),
            Block.Actions.class, new Block.Actions(List.of(new Action("a", "Yes", Action.Kind.CONFIRM),
                    new Action("b", "No", Action.Kind.CANCEL))));

    @Test
    void samples_coverEveryPermittedBlockType() {
        List<Class<?>> permitted = Arrays.asList(Block.class.getPermittedSubclasses());

        assertThat(List.<Class<?>>copyOf(SAMPLES.keySet())).containsExactlyInAnyOrderElementsOf(permitted);
    }

    @Test
    void plainText_rendersEveryBlockType() {
        Reply all = new Reply(Visibility.PUBLIC, List.copyOf(SAMPLES.values()), Optional.empty());

        assertThat(all.plainText()).contains("text", "code", "A\tB\n1\t2", "notice", "Yes / No",
                "full log: 2 lines (web.log)");
    }

    @Test
    void reply_withoutBlocks_isRejected() {
        assertThatThrownBy(() -> new Reply(Visibility.PUBLIC, List.of(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void table_rowOfTheWrongWidth_isRejected() {
        assertThatThrownBy(() -> new Block.Table(List.of("A", "B"), List.of(List.of("only one"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row has 1 cells, header has 2");
    }

    @Test
    void actions_mustBeOneToFive() {
        Action a = new Action("x", "X", Action.Kind.OTHER);

        assertThatThrownBy(() -> new Block.Actions(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Block.Actions(Collections.nCopies(6, a)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Block.Actions(Collections.nCopies(5, a)).actions()).hasSize(5);
    }

    @Test
    void action_idLongerThanDiscordsLimit_isRejected() {
        assertThat(new Action("x".repeat(Action.MAX_ID_LENGTH), "ok", Action.Kind.OTHER).id()).hasSize(100);
        assertThatThrownBy(() -> new Action("x".repeat(101), "too long", Action.Kind.OTHER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Action("", "empty", Action.Kind.OTHER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void action_andSeverity_findTheFirstOfTheirKind() {
        Reply r = Reply.of(Visibility.PUBLIC, new Block.Notice(Severity.WARNING, "sure?"),
                new Block.Notice(Severity.ERROR, "later"), SAMPLES.get(Block.Actions.class));

        assertThat(r.action(Action.Kind.CONFIRM)).map(Action::id).contains("a");
        assertThat(r.action(Action.Kind.STOP)).isEmpty();
        assertThat(r.severity()).contains(Severity.WARNING);
        assertThat(Reply.of(Visibility.PUBLIC, new Block.Text("t")).severity()).isEmpty();
    }

    @Test
    void factories_setVisibilityAndSeverity() {
        assertThat(Reply.error("e").visibility()).isEqualTo(Visibility.ONLY_CALLER);
        assertThat(Reply.error("e").severity()).contains(Severity.ERROR);
        assertThat(Reply.success("s").visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(Reply.info("i").severity()).contains(Severity.INFO);
    }

    @Test
    void with_appendsABlockAndKeepsTheRest() {
        Reply r = Reply.error("bad").with(new Block.Text("Usage: x"));

        assertThat(r.blocks()).containsExactly(new Block.Notice(Severity.ERROR, "bad"), new Block.Text("Usage: x"));
        assertThat(r.visibility()).isEqualTo(Visibility.ONLY_CALLER);
    }

    @Test
    void blocks_areCopied() {
        List<Block> mutable = new java.util.ArrayList<>(List.of(new Block.Text("a")));
        Reply r = new Reply(Visibility.PUBLIC, mutable, Optional.empty());

        mutable.add(new Block.Text("b"));

        assertThat(r.blocks()).hasSize(1);
    }
}
