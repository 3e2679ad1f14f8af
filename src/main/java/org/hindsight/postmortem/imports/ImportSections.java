package org.hindsight.postmortem.imports;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hindsight.postmortem.imports.NodeText.Block;

import com.vladsch.flexmark.ast.Heading;
import com.vladsch.flexmark.ast.Paragraph;
import com.vladsch.flexmark.ast.ThematicBreak;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.ast.Node;

/**
 * Finds a postmortem's sections in the Markdown AST: ATX and setext headings at any level, and what
 * CommonMark reads as paragraphs but people mean as headings: {@code #Timeline:} (no space after the hash),
 * a line {@code Improvements/Fixes:} or {@code **Timeline**} naming a known section. A thematic break starts
 * the closing summary; {@code Notes} takes everything after it, as written.
 */
final class ImportSections {

    /** One section: its kind, its heading as written (null for the text before any heading), its blocks. */
    record Section(ImportSectionKind kind, String heading, String headingSource, int level, List<Block> blocks) {
    }

    /**
     * {@code #Heading ##}: the title is the shortest text before spaces and closing hashes. The closing part is
     * tried only where it can start first (not after a space, nor inside a run of hashes) and read without
     * backtracking; as {@code \s*#*\s*$} tried after each character it took cubic time in a run of spaces.
     */
    static final Pattern HASH_HEADING = Pattern.compile("^(#{1,6})([^#\\s].*?)(?<!\\s)(?!(?<=#)#)\\s*+(?:#++\\s*+)?$");
    private static final Pattern PSEUDO_HEADING = Pattern.compile(
            "^(?:\\*\\*|__)?[^*_:\\n]{1,60}?(?::(?:\\*\\*|__)?|(?:\\*\\*|__):?)$");

    private static final Pattern HEADING_TAIL = Pattern.compile(
            "^((?:\\*\\*|__)[^*_:\\n]{1,60}(?:\\*\\*|__):?)[ \\t]+(\\([^()\\n]{1,80}\\))$");

    private final List<Section> sections = new ArrayList<>();
    private final Deque<Section> open = new ArrayDeque<>();
    private Section current;
    private boolean swallowAll;

    private ImportSections() {
        current = new Section(ImportSectionKind.TITLE, null, null, 0, new ArrayList<>());
        sections.add(current);
    }

    static List<Section> of(Document document) {
        ImportSections finder = new ImportSections();
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            finder.visit(node);
        }
        return finder.sections;
    }

    private void visit(Node node) {
        if (swallowAll) {
            current.blocks().add(Block.of(node));
        } else if (node instanceof Heading heading) {
            start(NodeText.plain(heading.getText().toString()), heading.getLevel(), Block.of(heading));
        } else if (node instanceof ThematicBreak && inClosingSummary()) {
            current.blocks().add(Block.of(node)); // a rule inside the closing summary's own Markdown
        } else if (node instanceof ThematicBreak) {
            open.clear();
            current = new Section(ImportSectionKind.CLOSING, null, null, 0, new ArrayList<>());
            sections.add(current);
        } else if (node instanceof Paragraph paragraph) {
            paragraph(paragraph);
        } else {
            current.blocks().add(Block.of(node));
        }
    }

    private void paragraph(Paragraph paragraph) {
        String text = NodeText.source(paragraph);
        int split = sectionHeadingAfter(text, 0);
        if (split < 0) {
            paragraphText(text, Block.of(paragraph));
            return;
        }
        // a known section's #heading inside a paragraph (written right under a list line, no blank line between,
        // so Markdown reads it as the paragraph's next line) starts that section there
        int from = 0;
        while (split >= 0) {
            paragraphText(text.substring(from, split - 1), null);
            from = split;
            split = sectionHeadingAfter(text, from);
        }
        paragraphText(text.substring(from), null);
    }

    /**
     * The start of the first line after the one at {@code from} that is a {@code #heading} of a section kind Hindsight
     * knows ({@code #Timeline:}), or -1. Other {@code #} lines (a {@code #channel}, a {@code #123}) stay text.
     */
    private static int sectionHeadingAfter(String text, int from) {
        for (int newline = text.indexOf('\n', from); newline >= 0; newline = text.indexOf('\n', newline + 1)) {
            int start = newline + 1;
            if (start < text.length() && text.charAt(start) == '#') {
                int end = text.indexOf('\n', start);
                Matcher hash = HASH_HEADING.matcher(end < 0 ? text.substring(start) : text.substring(start, end));
                if (hash.matches() && ImportSectionKind.of(NodeText.plain(hash.group(2))) != ImportSectionKind.UNKNOWN) {
                    return start;
                }
            }
        }
        return -1;
    }

    /** A paragraph's text (all of it, {@code whole}, or a part of it between section headings). */
    private void paragraphText(String text, Block whole) {
        int newline = text.indexOf('\n');
        String first = newline < 0 ? text : text.substring(0, newline);
        Matcher hash = HASH_HEADING.matcher(first);
        if (hash.matches()) {
            start(NodeText.plain(hash.group(2)), hash.group(1).length(), new Block(null, first));
            if (newline >= 0 && !text.substring(newline + 1).isBlank()) {
                current.blocks().add(new Block(null, text.substring(newline + 1)));
            }
            return;
        }
        String name = first.strip();
        Matcher tail = HEADING_TAIL.matcher(name);
        String setting = null;
        if (newline < 0 && tail.matches()) { // "**DETAILED TIMELINE** (all times US/Pacific)"
            name = tail.group(1);
            setting = tail.group(2);
        }
        if (newline < 0 && PSEUDO_HEADING.matcher(name).matches()
                && ImportSectionKind.of(name) != ImportSectionKind.UNKNOWN) {
            int level = open.isEmpty() ? current.level() + 1 : open.peek().level() + 1;
            start(NodeText.name(name), level, new Block(null, first));
            if (setting != null) {
                current.blocks().add(new Block(null, setting));
            }
            return;
        }
        current.blocks().add(whole != null ? whole : new Block(null, text));
    }

    /** After the rule and some text of the closing summary: what follows is its Markdown, up to a Notes heading. */
    private boolean inClosingSummary() {
        return current.kind() == ImportSectionKind.CLOSING && !current.blocks().isEmpty();
    }

    private void start(String name, int level, Block headingBlock) {
        ImportSectionKind kind = ImportSectionKind.of(name);
        boolean onlyPreamble = sections.size() == 1;
        if (kind == ImportSectionKind.UNKNOWN && onlyPreamble) {
            kind = ImportSectionKind.TITLE; // the first heading names the incident
        }
        while (!open.isEmpty() && open.peek().level() >= level) {
            open.pop();
        }
        Section parent = open.peek();
        if (kind != ImportSectionKind.NOTES && inClosingSummary()) {
            current.blocks().add(headingBlock); // a heading inside the closing summary's own Markdown: only Notes end it
            return;
        }
        if (kind == ImportSectionKind.UNKNOWN) {
            if (parent != null && parent.kind().isMarkdownField()) {
                current.blocks().add(headingBlock); // a sub-heading of a text section stays in its text
                return;
            }
            if (parent != null && (parent.kind() == ImportSectionKind.TIMELINE || parent.kind().isActions())) {
                kind = parent.kind(); // "Day 2", "Short term": still the timeline, still action items
            }
        }
        current = new Section(kind, name, headingBlock.text(), level, new ArrayList<>());
        sections.add(current);
        if (kind != ImportSectionKind.UNKNOWN && kind != ImportSectionKind.TITLE) {
            open.push(current);
        }
        swallowAll = kind == ImportSectionKind.NOTES;
    }
}
