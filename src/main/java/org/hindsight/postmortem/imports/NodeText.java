package org.hindsight.postmortem.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.sequence.BasedSequence;

/**
 * The document's own text for nodes: Markdown fields keep the source of their nodes (de-indented), so that
 * what an export wrote comes back unchanged. Also the plain text of escaped values, and "Label: value" lines.
 */
final class NodeText {

    private NodeText() {
    }

    // Compiled once. A pattern that could start in each character of a run, and read on to its end there, is
    // preceded by a look-behind that lets it start only at the run's start, where its first match begins anyway:
    // without it find() is quadratic in a long run (of spaces, asterisks, ...).
    static final Pattern LINE_BREAK = Pattern.compile("(?<!\\s)\\s*\\n\\s*");
    static final Pattern OUTER_EMPHASIS = Pattern.compile("^[*_`]+|(?<![*_`])[*_`]+$");
    private static final Pattern TRAILING_COLON = Pattern.compile("[:：]\\s*$");
    static final Pattern TRAILING_EMPHASIS = Pattern.compile("(?<![*_`])[*_`]+$");
    private static final Pattern NUMBERING = Pattern.compile("^(?:\\d+(?:\\.\\d+)*[.)]?|[ivx]+[.)])\\s+");
    static final Pattern OUTER_PUNCTUATION = Pattern.compile(
            "^[^\\p{L}\\p{N}]+|(?<![^\\p{L}\\p{N})])[^\\p{L}\\p{N})]+$");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    /** A piece of a section: a node, or (node null) some lines split off a paragraph. */
    record Block(Node node, String text) {

        static Block of(Node node) {
            return new Block(node, source(node));
        }
    }

    /** The source of a node, its continuation lines de-indented by the node's own column. */
    static String source(Node node) {
        return range(node, node);
    }

    /** The source from the start of {@code first} to the end of {@code last}, de-indented. */
    static String range(Node first, Node last) {
        BasedSequence base = first.getChars().getBaseSequence();
        int start = first.getStartOffset();
        int end = last.getEndOffset();
        String text = base.subSequence(start, end).toString();
        int lineStart = start;
        while (lineStart > 0 && base.charAt(lineStart - 1) != '\n') {
            lineStart--;
        }
        return deindent(text, start - lineStart).stripTrailing();
    }

    /** Removes up to {@code columns} leading spaces from every line but the first. */
    static String deindent(String text, int columns) {
        if (columns <= 0) {
            return text;
        }
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int cut = 0;
            while (cut < columns && cut < line.length() && line.charAt(cut) == ' ') {
                cut++;
            }
            out.append('\n').append(line, cut, line.length());
        }
        return out.toString();
    }

    /** The blocks' source as written (one range where they all are nodes), else their texts a blank line apart. */
    static String join(List<Block> blocks) {
        if (blocks.isEmpty()) {
            return "";
        }
        if (blocks.stream().allMatch(b -> b.node() != null)) {
            return range(blocks.get(0).node(), blocks.get(blocks.size() - 1).node()).strip();
        }
        return String.join("\n\n", blocks.stream().map(b -> b.text().strip()).toList()).strip();
    }

    /** Escaped Markdown as the plain text it stands for, on one line ({@code \#1 \*fix\*} is {@code #1 *fix*}). */
    static String plain(String markdown) {
        if (markdown == null) {
            return null;
        }
        String text = BasedSequence.of(markdown).unescape().toString();
        return LINE_BREAK.matcher(text).replaceAll(" ").strip();
    }

    /** Text without surrounding emphasis markers or a trailing colon: a heading's or label's name. */
    static String name(String text) {
        String t = text.strip();
        t = OUTER_EMPHASIS.matcher(t).replaceAll("").strip();
        t = TRAILING_EMPHASIS.matcher(TRAILING_COLON.matcher(t).replaceAll("")).replaceAll("").strip();
        return t;
    }

    /** "**Onboard every service**": the text inside one pair of emphasis markers around all of it. */
    static String balancedEmphasisRemoved(String text) {
        for (String marker : new String[] {"**", "__"}) {
            if (text.length() > 4 && text.startsWith(marker) && text.endsWith(marker)
                    && !text.substring(2, text.length() - 2).contains(marker)) {
                return text.substring(2, text.length() - 2).strip();
            }
        }
        return text;
    }

    /** The text without a leading section number ({@code 3.1 }, {@code iv. }). */
    static String withoutNumbering(String text) {
        return NUMBERING.matcher(text.strip()).replaceFirst("");
    }

    /** The normalised name a section or label is matched by: lower case, no numbering, no punctuation around. */
    static String key(String name) {
        String k = name(name).toLowerCase(Locale.ROOT);
        k = NUMBERING.matcher(k).replaceAll("");
        k = OUTER_PUNCTUATION.matcher(k).replaceAll("");
        k = SPACES.matcher(k.replace('’', '\'')).replaceAll(" ");
        return k;
    }

    private static final Pattern LABEL = Pattern.compile(
            "^(?:\\*\\*|__)?\\s*(\\p{L}[\\p{L}\\p{N} %/()'&.-]{0,40}?)\\s*(?:(?:\\*\\*|__)\\s*:|:\\s*(?:\\*\\*|__)|:)(?=\\s|$)[ \\t]*");

    /** "Label: value" at the start of a text: the label and where the value starts; null when not one. */
    record Label(String key, String name, int valueStart) {
    }

    static Label label(String text) {
        Matcher m = LABEL.matcher(text);
        if (!m.find()) {
            return null;
        }
        return new Label(key(m.group(1)), m.group(1).strip(), m.end());
    }

    private static final Pattern DASH_ITEM = Pattern.compile("^\\s{0,3}-(?!--)\\s*\\S.*");

    /**
     * Splits text into items at lines starting with a dash ({@code -item}, which CommonMark reads as a
     * paragraph, not a list). Lines before the first dash come first as one item (index 0, maybe empty).
     */
    static List<String> dashItems(String text) {
        List<String> items = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (DASH_ITEM.matcher(line).matches()) {
                items.add(current.toString().strip());
                current.setLength(0);
                current.append(line.strip().substring(1).strip());
            } else {
                if (!current.isEmpty()) {
                    current.append('\n');
                }
                current.append(line.strip());
            }
        }
        items.add(current.toString().strip());
        return items;
    }

    /** Hindsight's own "nothing here" texts ({@code _Not recorded._}, {@code _No tasks recorded._}): empty. */
    static boolean isPlaceholder(String text) {
        return text == null || text.isBlank()
                || text.strip().matches("^_(?:Not recorded|No [^_\\n]{0,60} recorded|No closing summary written yet)\\._$");
    }

    /** Shortened to {@code max} characters (at a word boundary where one is near), or null when not needed. */
    static String shortened(String text, int max) {
        if (text == null || text.length() <= max) {
            return null;
        }
        int cut = text.lastIndexOf(' ', max - 1);
        return text.substring(0, cut > max - 200 ? cut : max - 1).stripTrailing() + "…";
    }
}
