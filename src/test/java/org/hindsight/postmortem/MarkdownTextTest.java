package org.hindsight.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import com.vladsch.flexmark.ast.BulletList;
import com.vladsch.flexmark.ast.Heading;
import com.vladsch.flexmark.ast.Paragraph;
import com.vladsch.flexmark.ext.gfm.tasklist.TaskListExtension;
import com.vladsch.flexmark.ext.gfm.tasklist.TaskListItem;
import com.vladsch.flexmark.ext.tables.TableCell;
import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.ast.TextCollectingVisitor;
import com.vladsch.flexmark.util.data.MutableDataSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plain values escaped by {@link MarkdownText#escape} read back, with flexmark's parser, as exactly the same
 * text wherever they land: a heading, a list item, a task item, a table cell, the start of a line.
 */
class MarkdownTextTest {

    private static final Parser PARSER = Parser.builder(new MutableDataSet()
            .set(Parser.EXTENSIONS, List.of(TablesExtension.create(), TaskListExtension.create()))
            .toImmutable()).build();

    static Stream<String> awkward() {
        List<String> values = new ArrayList<>(List.of(
                "#1 *fix*", "# not a heading", "1. not a list", "2) nor this", "- dash", "+ plus", "= equals",
                "---", "***", "> quote", "a | b | c", "`code`", "<script>alert(1)</script>", "[x](javascript:alert(1))",
                "![img](x.png)", "~~gone~~", "snake_case_name", "a\\b\\", "&amp; &copy; &#35;", "trailing #",
                "[ ] box", "[x] done", "*(alert)*", "line one\nline two", "100% <= 99.5%", "<https://example.com>",
                "**bold** __also__", "Ünïcödé — 日本語 ✓", "tab\there", "1.5 percent", "x\r\ny", "!important"));
        Random random = new Random(20240512);
        String alphabet = "ab1. #*_[]()<>|~`!&\\-+=:/'\"";
        for (int n = 0; n < 400; n++) {
            StringBuilder s = new StringBuilder();
            int length = 1 + random.nextInt(14);
            for (int i = 0; i < length; i++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            values.add(s.toString());
        }
        return values.stream();
    }

    @ParameterizedTest
    @MethodSource("awkward")
    void anEscapedValueReadsBackAsItselfInAHeading(String value) {
        Node heading = only(PARSER.parse("# Postmortem: " + MarkdownText.escape(value)));
        assertThat(heading).isInstanceOf(Heading.class);
        assertThat(text(heading)).isEqualTo(("Postmortem: " + MarkdownText.normalise(value)).strip());
    }

    @ParameterizedTest
    @MethodSource("awkward")
    void anEscapedValueReadsBackAsItselfAtTheStartOfALineAndOfAListItem(String value) {
        String expected = MarkdownText.normalise(value);
        if (expected.isEmpty()) {
            return;
        }
        Node paragraph = only(PARSER.parse(MarkdownText.escape(value)));
        assertThat(paragraph).isInstanceOf(Paragraph.class);
        assertThat(text(paragraph)).isEqualTo(expected);

        Node list = only(PARSER.parse("- " + MarkdownText.escape(value)));
        assertThat(list).isInstanceOf(BulletList.class);
        assertThat(list.getFirstChild().getNext()).isNull();
        assertThat(text(list)).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("awkward")
    void anEscapedValueReadsBackAsItselfInATaskItemAndInATableCell(String value) {
        String expected = MarkdownText.normalise(value);
        Node list = only(PARSER.parse("- [x] " + MarkdownText.escape(value) + " *(owner @a)*"));
        assertThat(list.getFirstChild()).isInstanceOf(TaskListItem.class);
        assertThat(((TaskListItem) list.getFirstChild()).isItemDoneMarker()).isTrue();
        assertThat(text(list)).isEqualTo(expected.isEmpty() ? "(owner @a)" : expected + " (owner @a)");

        Node document = PARSER.parse("| Title | Owner |\n|---|---|\n| " + MarkdownText.escape(value) + " | a |\n");
        List<String> cells = new ArrayList<>();
        collectCells(document, cells);
        assertThat(cells).containsExactly("Title", "Owner", expected, "a");
    }

    @Test
    void markdownAfterALabelStaysInsideItsListItem() {
        assertThat(MarkdownText.listItemContent("One.\nTwo.\n\nThird paragraph.", "", " *(alert)*"))
                .isEqualTo(" One.\n  Two. *(alert)*\n\n  Third paragraph.");
        assertThat(MarkdownText.listItemContent("- a\n- b", "", ""))
                .isEqualTo("\n\n  - a\n  - b");
        assertThat(MarkdownText.listItemContent("```\ncode\n\nmore\n```", "**Dead end:**", ""))
                .isEqualTo(" **Dead end:**\n\n  ```\n  code\n\n  more\n  ```");
        assertThat(MarkdownText.listItemContent("# Heading", "", " *(note)*"))
                .isEqualTo(" *(note)*\n\n  # Heading");
    }

    @Test
    void aBlockAfterALabelParsesAsPartOfTheItem() {
        Node list = only(PARSER.parse("- **Contributing Factors:**" + MarkdownText.listItemContent("intro\n- a\n- b", "", "")));
        assertThat(list).isInstanceOf(BulletList.class);
        assertThat(list.getFirstChild().getNext()).as("one item").isNull();
        assertThat(text(list)).contains("Contributing Factors:").contains("intro").contains("a").contains("b");
    }

    private static Node only(Node document) {
        assertThat(document.getFirstChild()).isNotNull();
        assertThat(document.getFirstChild().getNext()).as("a single block").isNull();
        return document.getFirstChild();
    }

    private static String text(Node node) {
        return new TextCollectingVisitor().collectAndGetText(node).strip();
    }

    @Test
    void aBlockThatInterruptsTheOpeningParagraphStaysOnTheNextLine() {
        // was: always a blank line between, so "Text\n- item" came back as "Text\n\n- item"
        assertThat(MarkdownText.listItemContent("Text before\n- item\n- other", "", " *(alert)*"))
                .isEqualTo(" Text before *(alert)*\n  - item\n  - other");
        assertThat(MarkdownText.listItemContent("Text before\n\n- item", "", ""))
                .isEqualTo(" Text before\n\n  - item");
        assertThat(MarkdownText.listItemContent("- item", "", "")).isEqualTo("\n\n  - item");
    }

    private static void collectCells(Node node, List<String> cells) {
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof com.vladsch.flexmark.ext.tables.TableSeparator) {
                continue;
            }
            if (child instanceof TableCell) {
                cells.add(text(child));
            } else {
                collectCells(child, cells);
            }
        }
    }
}
