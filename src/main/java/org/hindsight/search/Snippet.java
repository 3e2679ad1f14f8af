package org.hindsight.search;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A short piece of a record's text with the searched words marked: plain text in parts, each part marked or not.
 * The page writes every part as text ({@code th:text}) and wraps the marked ones in {@code <mark>}: the user's text
 * is always escaped, the mark is the only markup.
 */
public record Snippet(List<Part> parts) {

    /** PostgreSQL's ts_headline marks the words between these two characters (private use: never typed). */
    static final char START = '\uE000';
    static final char STOP = '\uE001';
    static final String MARKERS = "" + START + STOP;
    /**
     * The punctuation the search reads as spaces (search_words in migrations/postgresql/V24), and the control
     * characters that stand for it in the text ts_headline reads: blanks to its parser in any locale, so that it
     * finds the same words as the index (and takes no {@code <b>} for a tag to drop), and put back here.
     */
    static final String JOINERS = "-./:@<>&_+~%?=#\\";
    static final String STANDINS = "\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000e\u000f\u0010\u0011"
            + "\u0012\u0013\u0014\u0015";

    /** Characters of context shown before the first marked word, and at most in all (made in Java, on H2). */
    static final int BEFORE = 60;
    static final int LENGTH = 240;

    public record Part(String text, boolean match) {
    }

    public Snippet {
        parts = List.copyOf(parts);
    }

    /** The text without marks. */
    public String text() {
        StringBuilder text = new StringBuilder();
        parts.forEach(p -> text.append(p.text()));
        return text.toString();
    }

    public boolean hasMatch() {
        return parts.stream().anyMatch(Part::match);
    }

    /** A ts_headline result: the text between {@link #START} and {@link #STOP} is marked. */
    static Snippet ofHeadline(String headline) {
        List<Part> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        boolean marked = false;
        for (int i = 0; i < headline.length(); i++) {
            char c = headline.charAt(i);
            int markup = STANDINS.indexOf(c);
            if (c == START || c == STOP) {
                flush(parts, text, marked);
                marked = c == START;
            } else {
                text.append(markup < 0 ? c : JOINERS.charAt(markup));
            }
        }
        flush(parts, text, marked);
        return new Snippet(parts);
    }

    /** The whole (short) text with every match of {@code patterns} marked. */
    static Snippet whole(String text, List<Pattern> patterns) {
        return marked(text, 0, text.length(), patterns, false, false);
    }

    /**
     * About {@link #LENGTH} characters around the first match of any pattern, every match in them marked, cut at
     * spaces, with an ellipsis where text was left out; null when nothing matches.
     */
    static Snippet around(String text, List<Pattern> patterns) {
        int first = Integer.MAX_VALUE;
        for (Pattern pattern : patterns) {
            Matcher m = pattern.matcher(text);
            if (m.find()) {
                first = Math.min(first, m.start());
            }
        }
        if (first == Integer.MAX_VALUE) {
            return null;
        }
        int from = Math.max(0, first - BEFORE);
        if (from > 0) {
            int space = text.indexOf(' ', from);
            from = space < 0 || space >= first ? from : space + 1;
        }
        int to = Math.min(text.length(), from + LENGTH);
        if (to < text.length()) {
            int space = text.lastIndexOf(' ', to);
            to = space <= first ? to : space;
        }
        return marked(text, from, to, patterns, from > 0, to < text.length());
    }

    /** The beginning of the text, unmarked: where a record matched as a whole but no word of it alone. */
    static Snippet start(String text) {
        int to = Math.min(text.length(), LENGTH);
        if (to < text.length()) {
            int space = text.lastIndexOf(' ', to);
            to = space <= 0 ? to : space;
        }
        return marked(text, 0, to, List.of(), false, to < text.length());
    }

    private static Snippet marked(String text, int from, int to, List<Pattern> patterns, boolean cutBefore,
            boolean cutAfter) {
        boolean[] match = new boolean[to - from];
        for (Pattern pattern : patterns) {
            Matcher m = pattern.matcher(text).region(from, to);
            while (m.find()) {
                for (int i = m.start(); i < m.end(); i++) {
                    match[i - from] = true;
                }
            }
        }
        List<Part> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder(cutBefore ? "…" : "");
        boolean marked = false;
        for (int i = from; i < to; i++) {
            if (match[i - from] != marked) {
                flush(parts, part, marked);
                marked = match[i - from];
            }
            part.append(text.charAt(i));
        }
        flush(parts, part, marked);
        if (cutAfter) {
            flush(parts, new StringBuilder("…"), false);
        }
        return new Snippet(parts);
    }

    private static void flush(List<Part> parts, StringBuilder text, boolean marked) {
        if (text.isEmpty()) {
            return;
        }
        if (!parts.isEmpty() && parts.get(parts.size() - 1).match() == marked) {
            Part last = parts.remove(parts.size() - 1);
            parts.add(new Part(last.text() + text, marked));
        } else {
            parts.add(new Part(text.toString(), marked));
        }
        text.setLength(0);
    }
}
