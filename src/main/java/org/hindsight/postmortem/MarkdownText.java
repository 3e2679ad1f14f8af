package org.hindsight.postmortem;

import java.util.List;
import java.util.regex.Pattern;

import com.vladsch.flexmark.ext.autolink.AutolinkExtension;
import com.vladsch.flexmark.ext.gfm.strikethrough.StrikethroughExtension;
import com.vladsch.flexmark.ext.gfm.tasklist.TaskListExtension;
import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.data.MutableDataSet;

/**
 * Putting text into a Markdown document so that it reads back as what it was: plain values escaped,
 * user Markdown embedded as is but indented to stay inside the list item it lands in.
 */
public final class MarkdownText {

    /** Escaped wherever they stand: everything CommonMark or GFM could read as markup inside a line. */
    private static final String ALWAYS = "\\`*_[]<>#|~!&";
    /** At the start of a line these open a list, a setext underline or a thematic break. */
    private static final Pattern LEADING_MARKER = Pattern.compile("^([+\\-=])");
    private static final Pattern LEADING_ORDERED = Pattern.compile("^(\\d{1,9})([.)])");
    /** What an importer reads as the meta at the end of an event's first paragraph. */
    private static final Pattern META = Pattern.compile("\\*\\(([^()\\n]*)\\)\\*\\s*$");
    private static final Pattern LINE_BREAKS = Pattern.compile("\\r\\n|[\\r\\n]");
    private static final Pattern LEADING_NEWLINES = Pattern.compile("^\\n+");
    private static final Pattern TRAILING_NEWLINES = Pattern.compile("\\n+$");
    /** The gap between an opening paragraph and the block after it. */
    private static final Pattern GAP = Pattern.compile("^[ \\t]*\\n+");
    /** The indent every list item's content gets, and a line that would be nothing but it. */
    private static final String ITEM_INDENT = "  ";
    private static final Pattern ITEM_INDENT_ALONE = indentAlone(ITEM_INDENT);

    /** Parses structure only (never renders): the same syntax the single renderer understands. */
    private static final Parser PARSER = Parser.builder(new MutableDataSet().set(Parser.EXTENSIONS, List.of(
            TablesExtension.create(), StrikethroughExtension.create(), AutolinkExtension.create(),
            TaskListExtension.create(), LinearHeadings.create())).toImmutable()).build();

    private MarkdownText() {
    }

    /** A plain value as it will read back: line breaks become spaces, outer spaces and tabs go. */
    public static String normalise(String plain) {
        if (plain == null) {
            return "";
        }
        return stripSpacesAndTabs(LINE_BREAKS.matcher(plain).replaceAll(" "));
    }

    /** A plain value as Markdown text that reads back as {@link #normalise(String)} of it, wherever it lands in a line. */
    static String escape(String plain) {
        String text = normalise(plain);
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (ALWAYS.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        String escaped = out.toString();
        var ordered = LEADING_ORDERED.matcher(escaped);
        if (ordered.find()) {
            return ordered.group(1) + "\\" + escaped.substring(ordered.group(1).length());
        }
        return LEADING_MARKER.matcher(escaped).replaceFirst("\\\\$1");
    }

    /** User Markdown trimmed of blank lines around it and trailing spaces; empty for null. */
    public static String clean(String markdown) {
        if (markdown == null) {
            return "";
        }
        if (markdown.indexOf('\n') < 0 && markdown.indexOf('\r') < 0) {
            // one line: what the loop below makes of it, without the regexes (most texts are one line)
            return markdown.isBlank() ? "" : cleanLine(markdown);
        }
        String[] lines = LINE_BREAKS.split(markdown, -1);
        StringBuilder out = new StringBuilder(markdown.length());
        for (String line : lines) {
            out.append(line.isBlank() ? "" : cleanLine(line)).append('\n');
        }
        return TRAILING_NEWLINES.matcher(LEADING_NEWLINES.matcher(out).replaceAll("")).replaceAll("");
    }

    /** A line that is not blank without trailing spaces, but for a hard line break. */
    private static String cleanLine(String line) {
        int last = line.length() - 1;
        if (last >= 0 && !Character.isWhitespace(line.charAt(last)) && !Character.isSurrogate(line.charAt(last))) {
            return line; // nothing trailing to strip (what stripTrailing() would find)
        }
        return line.stripTrailing().equals(line) ? line : keepHardBreak(line);
    }

    /** Two or more trailing spaces are a hard line break: keep exactly two; otherwise drop them. */
    private static String keepHardBreak(String line) {
        String stripped = line.stripTrailing();
        return line.endsWith("  ") && line.substring(stripped.length()).chars().allMatch(c -> c == ' ')
                ? stripped + "  " : stripped;
    }

    /** Every non-blank line after the first indented by {@code indent}. */
    static String indentFollowing(String markdown, String indent) {
        if (markdown.indexOf('\n') < 0) {
            return markdown;
        }
        Pattern alone = ITEM_INDENT.equals(indent) ? ITEM_INDENT_ALONE : indentAlone(indent);
        return alone.matcher(markdown.replace("\n", "\n" + indent)).replaceAll("\n");
    }

    private static Pattern indentAlone(String indent) {
        return Pattern.compile("\\n" + Pattern.quote(indent) + "(?=\\n|$)");
    }

    /** Every non-blank line indented by {@code indent}. */
    static String indentAll(String markdown, String indent) {
        return markdown.isEmpty() ? "" : indentFollowing(indent + markdown, indent);
    }

    /**
     * Splits user Markdown into its opening paragraph (if it starts with one) and the rest, so that the
     * paragraph can continue a line such as {@code - **Impact:** } and the rest follow as indented blocks.
     */
    static Split split(String markdown) {
        return splitClean(clean(markdown));
    }

    /** {@link #split} of Markdown that is already {@link #clean}: the same as {@code split(clean)}. */
    static Split splitClean(String text) {
        if (text.isEmpty()) {
            return new Split("", "", false);
        }
        if (isOneParagraphLine(text)) {
            // what the parser makes of it (MarkdownTextSplitTest compares): the line is the paragraph, and a
            // hard line break kept at its end by clean() is all of the rest
            String paragraph = text.stripTrailing();
            String rest = text.substring(paragraph.length());
            return new Split(paragraph, rest, !rest.isEmpty());
        }
        return parsedSplit(text);
    }

    /**
     * Whether clean Markdown is one line that can only be a paragraph: it opens with a letter, which starts no
     * other CommonMark or GFM block (no list marker, heading, quote, fence, HTML, table, link reference
     * definition, indented code), and holds no control character or Unicode line separator.
     */
    static boolean isOneParagraphLine(String text) {
        if (text.isEmpty() || !Character.isLetter(text.charAt(0))) {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < ' ' && c != '\t' || c == '\u007f' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return true;
    }

    /** {@link #splitClean} as the parser reads it, always (the reference its short cut is tested against). */
    static Split parsedSplit(String text) {
        if (text.isEmpty()) {
            return new Split("", "", false);
        }
        Node first = PARSER.parse(text).getFirstChild();
        if (!(first instanceof com.vladsch.flexmark.ast.Paragraph)) {
            return new Split("", text, false);
        }
        int end = Math.min(first.getEndOffset(), text.length());
        String paragraph = text.substring(0, end).stripTrailing();
        String after = text.substring(paragraph.length());
        String rest = GAP.matcher(after).replaceFirst("");
        // a block that interrupts the paragraph (a list, a heading) stays on the next line, not after a blank one
        String gap = after.substring(0, after.length() - rest.length());
        return new Split(paragraph, rest, !rest.isEmpty() && gap.indexOf('\n') == gap.lastIndexOf('\n'));
    }

    /** Where the opening paragraph of Markdown ends (before its line break), or -1 when it starts with another block. */
    public static int firstParagraphEnd(String markdown) {
        if (isOneParagraphLine(markdown)) {
            return markdown.stripTrailing().length(); // the line is the paragraph, as the parser has it (a test compares)
        }
        return parsedFirstParagraphEnd(markdown);
    }

    /** {@link #firstParagraphEnd} as the parser reads it, always (the reference its short cut is tested against). */
    static int parsedFirstParagraphEnd(String markdown) {
        Node first = PARSER.parse(markdown).getFirstChild();
        if (!(first instanceof com.vladsch.flexmark.ast.Paragraph)) {
            return -1;
        }
        return markdown.substring(0, Math.min(first.getEndOffset(), markdown.length())).stripTrailing().length();
    }

    /** Whether a paragraph ends in what an importer reads as an event's meta, e.g. {@code *(alert)*}. */
    static boolean endsWithMeta(String paragraph) {
        return META.matcher(paragraph).find();
    }

    /**
     * The Markdown as the content of a list item after a label on its first line: {@code " paragraph"}
     * continuing that line, further blocks after a blank line, everything indented by two spaces.
     * {@code prefix} (Markdown, may be empty) opens and {@code suffix} ends the first paragraph.
     * Starts with a space or a line break; empty only when everything is empty.
     */
    static String listItemContent(String markdown, String prefix, String suffix) {
        return listItemContent(split(markdown), prefix, suffix);
    }

    /** {@link #listItemContent(String, String, String)} of Markdown already {@link #split}. */
    static String listItemContent(Split split, String prefix, String suffix) {
        String paragraph = prefix.isEmpty() || split.paragraph().isEmpty() ? prefix + split.paragraph()
                : prefix + " " + split.paragraph();
        StringBuilder out = new StringBuilder();
        if (!paragraph.isEmpty() || !suffix.isEmpty()) {
            out.append(' ').append(indentFollowing(paragraph + suffix, ITEM_INDENT).strip());
        }
        if (!split.rest().isEmpty()) {
            out.append(split.tight() && !out.isEmpty() ? "\n" : "\n\n").append(indentAll(split.rest(), ITEM_INDENT));
        }
        return out.toString();
    }

    /** Opening paragraph (possibly empty) and the blocks after it; {@code tight}: no blank line between them. */
    record Split(String paragraph, String rest, boolean tight) {
    }

    private static String stripSpacesAndTabs(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }
}
