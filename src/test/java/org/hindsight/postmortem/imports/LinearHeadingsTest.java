package org.hindsight.postmortem.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.hindsight.postmortem.LinearHeadings;

import com.vladsch.flexmark.ast.Heading;
import com.vladsch.flexmark.ext.autolink.AutolinkExtension;
import com.vladsch.flexmark.ext.gfm.strikethrough.StrikethroughExtension;
import com.vladsch.flexmark.ext.gfm.tasklist.TaskListExtension;
import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.data.MutableDataSet;
import com.vladsch.flexmark.util.misc.Extension;

/**
 * flexmark with {@link LinearHeadings} builds the very tree flexmark builds without it (every node, its place in
 * the text, a heading's level), for the test documents and for texts made of every kind of line that is or is
 * near a heading. (ImportScalingTest shows the time it saves.)
 */
class LinearHeadingsTest {

    private static Parser parser(boolean linear, Extension... extensions) {
        List<Extension> all = new ArrayList<>(List.of(extensions));
        if (linear) {
            all.add(LinearHeadings.create());
        }
        return Parser.builder(new MutableDataSet().set(Parser.EXTENSIONS, all)).build();
    }

    /** The importer's parser and the export's (MarkdownText), each with and without the linear headings. */
    private static final Parser[][] PAIRS = {
        {parser(false, TablesExtension.create(), TaskListExtension.create()),
            parser(true, TablesExtension.create(), TaskListExtension.create())},
        {parser(false, TablesExtension.create(), StrikethroughExtension.create(), AutolinkExtension.create(),
                TaskListExtension.create()),
            parser(true, TablesExtension.create(), StrikethroughExtension.create(), AutolinkExtension.create(),
                TaskListExtension.create())}};

    private static final String[] LINES = {"", "text", "more text", "# Heading", "#Heading", "## Two ##", "###### Six",
        "####### Seven", "#", "# ", "#\t", "\t# tab", "   # indented", "    # code", "# closed #", "#  ", "=", "===",
        "= =", "== ", "-", "---", "- -", "-- --", "  ---", "    ---", "***", "* * *", "_ _ _", "- item", "* item",
        "1. one", "2) two", "> quote", "> # quoted", "- # in item", "  continued", "| a | b |", "|---|---|", "| - | = |",
        "```", "~~~", "<div>", "[ref]: /x", "- [ ] box", "\\# escaped", "text #", "#5 issue", "=== text",
        "--- text", "-\t-", "\u00a0# nbsp", "# \u2028", "#\u2028", "##\u0085", "===\u2029", "-\u2028"};

    /** Every pair of such lines, and random documents of up to 12 of them. */
    private static List<String> documents() {
        List<String> docs = new ArrayList<>();
        for (String a : LINES) {
            for (String b : LINES) {
                docs.add(a + "\n" + b);
                docs.add("para\n" + a + "\n" + b + "\n");
            }
        }
        Random random = new Random(20240512);
        for (int n = 0; n < 3_000; n++) {
            StringBuilder doc = new StringBuilder();
            int lines = random.nextInt(13);
            for (int i = 0; i < lines; i++) {
                doc.append(LINES[random.nextInt(LINES.length)]).append(random.nextInt(5) == 0 ? "\r\n" : "\n");
            }
            docs.add(doc.toString());
        }
        for (String name : List.of("INC-1.md", "import/reference.md", "import/atlassian.md", "import/gitlab.md",
                "import/google-sre.md", "import/pagerduty.md", "import/tasklist-unknown.md", "import/terse-crlf.md")) {
            docs.add(ImportTestDocs.read(name));
        }
        return docs;
    }

    private static String tree(Node node) {
        StringBuilder out = new StringBuilder();
        tree(node, 0, out);
        return out.toString();
    }

    private static void tree(Node node, int depth, StringBuilder out) {
        out.append("  ".repeat(depth)).append(node.getClass().getSimpleName()).append(' ')
                .append(node.getStartOffset()).append('-').append(node.getEndOffset());
        if (node instanceof Heading heading) {
            out.append(" h").append(heading.getLevel()).append(" [").append(heading.getText()).append(']');
        }
        out.append('\n');
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            tree(child, depth + 1, out);
        }
    }

    @Test
    void buildsTheTreeFlexmarkBuilds() {
        int headings = 0;
        for (String doc : documents()) {
            for (Parser[] pair : PAIRS) {
                String expected = tree(pair[0].parse(doc));
                assertThat(tree(pair[1].parse(doc))).as("tree of %s", doc).isEqualTo(expected);
                headings += expected.split(" h[1-6] ", -1).length - 1;
            }
        }
        assertThat(headings).as("headings among the documents").isGreaterThan(5_000);
    }
}
