package org.hindsight.postmortem.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.hindsight.postmortem.imports.NodeText.Block;
import org.hindsight.postmortem.imports.NodeText.Label;

import com.vladsch.flexmark.ast.ListBlock;
import com.vladsch.flexmark.ast.ListItem;
import com.vladsch.flexmark.ast.Paragraph;
import com.vladsch.flexmark.ext.tables.TableBlock;
import com.vladsch.flexmark.util.ast.Node;

/**
 * "Label: value" entries of a summary-like section: list items ({@code - **Impact:** ...}), {@code -Impact: ...}
 * lines, and paragraph lines ({@code **Date**: 2024-05-12}). A value keeps its Markdown source, continuation
 * lines and nested blocks included. Text without a label comes back with a null label.
 */
final class ImportLabels {

    /** One entry: {@code label} null for text without one; {@code asWritten} for keeping it as a note. */
    record Entry(Label label, String value, String asWritten) {
    }

    /** Opens with (?<!\s) where a run of spaces can start, so find() reads a run once (else quadratic). */
    static final Pattern HARD_BREAK = Pattern.compile("\\\\$|(?<!\\s)\\s{2,}$");

    private ImportLabels() {
    }

    static List<Entry> of(List<Block> blocks) {
        List<Entry> entries = new ArrayList<>();
        for (Block block : blocks) {
            Node node = block.node();
            if (node instanceof ListBlock list) {
                for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                    if (item instanceof ListItem listItem && listItem.getFirstChild() != null) {
                        String content = NodeText.range(listItem.getFirstChild(), listItem.getLastChild());
                        entries.add(entry(content, NodeText.source(listItem)));
                    }
                }
            } else if (node instanceof TableBlock table && labelTable(ImportTable.of(table))) {
                pairs(ImportTable.of(table), entries);
            } else if (node == null || node instanceof Paragraph) {
                lines(block.text(), entries);
            } else {
                entries.add(new Entry(null, block.text(), block.text()));
            }
        }
        return entries;
    }

    /**
     * Whether a table is one of names and values: two columns, and at least half of the names in its first column
     * (header included) are labels Hindsight knows. "| Service | Impact |" over services is not.
     */
    private static boolean labelTable(ImportTable rows) {
        if (rows.width() != 2) {
            return false;
        }
        int known = ImportDraft.knows(NodeText.key(rows.header(0))) ? 1 : 0;
        for (List<String> row : rows.body()) {
            known += ImportDraft.knows(NodeText.key(rows.cell(row, 0))) ? 1 : 0;
        }
        return known * 2 >= rows.body().size() + 1 && known >= 2;
    }

    /**
     * A two-column table of names and values ({@code | Start | 01/04/2021 6:00AM PST |}): one entry per row, and
     * for the header row too when it names something known (a table with no header of its own).
     */
    private static void pairs(ImportTable rows, List<Entry> entries) {
        List<List<String>> all = new ArrayList<>();
        if (ImportDraft.knows(NodeText.key(rows.header(0)))) {
            all.add(List.of(rows.header(0), rows.header(1)));
        }
        all.addAll(rows.body());
        for (List<String> row : all) {
            String name = rows.cell(row, 0);
            String value = rows.cell(row, 1);
            if (name.isBlank() && value.isBlank()) {
                continue;
            }
            String written = NodeText.name(name) + ": " + value;
            entries.add(name.isBlank() ? new Entry(null, value, value)
                    : new Entry(new Label(NodeText.key(name), NodeText.name(name), 0), value, written));
        }
    }

    private static Entry entry(String content, String asWritten) {
        Label label = NodeText.label(content);
        if (label == null) {
            return new Entry(null, content, asWritten);
        }
        return new Entry(label, content.substring(label.valueStart()).strip(), asWritten);
    }

    /** Dash lines are items; otherwise a line with a label starts an entry and other lines continue it. */
    private static void lines(String text, List<Entry> entries) {
        List<String> items = NodeText.dashItems(text);
        if (items.size() > 1) {
            if (!items.get(0).isBlank()) {
                lines(items.get(0), entries);
            }
            items.subList(1, items.size()).forEach(item -> entries.add(entry(item, "- " + item)));
            return;
        }
        if (text.lines().noneMatch(line -> NodeText.label(line.strip()) != null)) {
            entries.add(new Entry(null, text, text));
            return;
        }
        StringBuilder current = null;
        for (String line : text.split("\n")) {
            String clean = HARD_BREAK.matcher(line.strip()).replaceAll(""); // hard line breaks
            if (NodeText.label(clean) != null || current == null) {
                if (current != null) {
                    entries.add(entry(current.toString(), current.toString()));
                }
                current = new StringBuilder(clean);
            } else {
                current.append('\n').append(clean);
            }
        }
        if (current != null && !current.isEmpty()) {
            entries.add(entry(current.toString(), current.toString()));
        }
    }
}
