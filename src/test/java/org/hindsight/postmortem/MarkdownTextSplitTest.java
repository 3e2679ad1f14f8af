package org.hindsight.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The short cuts of {@link MarkdownText#clean}, {@link MarkdownText#split} and
 * {@link MarkdownText#firstParagraphEnd} (one line opening with a letter: no parse) give exactly what the regexes
 * and the parser give, for every leading character and for texts that look like the export's own markup; a
 * difference would change exported files (or what an import reads).
 */
class MarkdownTextSplitTest {

    /** How the whole export read texts before the short cuts: every clean ran these regexes. */
    private static String cleanWithRegexes(String markdown) {
        if (markdown == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String line : markdown.split("\\r\\n|[\\r\\n]", -1)) {
            String stripped = line.stripTrailing();
            String kept = line.endsWith("  ") && line.substring(stripped.length()).chars().allMatch(c -> c == ' ')
                    ? stripped + "  " : stripped;
            out.append(line.isBlank() ? "" : stripped.equals(line) ? line : kept).append('\n');
        }
        return out.toString().replaceAll("^\\n+", "").replaceAll("\\n+$", "");
    }

    private static final List<String> BODIES = List.of("", "x", "word and more words", " *(alert)*", "*(meta)*",
            " ends *(action; key moment: start)*", "*(x)* ", ". one", ") two", " | b | c", "|---|", "=", "===", "---",
            "  ", "   ", " \t", "\t", "  \t  ", "\\", "\u00a0", "\u2003", "\u3000", "  \u00a0", "**Dead end:** no",
            ": **Dead end:** inside", " <div>html</div>", " [ref]: http://example.com", " `code` and **bold**",
            " https://example.com/a_b", " www.example.com", " [ ] box", " 日本語 🔥", "\u0000nul", "\u000bvt", "\f",
            "\u0085", "\u2028", "\u2029", "\u001c", "\u007f", "é", "\ud83d\udd25", "\ud83d", " \ud83d\udd25  ");

    private static final List<String> SECOND_LINES = List.of("", "\n", "\n\n", "\r\n", "\r", "\nnext line",
            "\n\nnext paragraph", "\n===", "\n---", "\n- item\n- other", "\n1. one", "\n2. two", "\n> quote",
            "\n# heading", "\n```\ncode\n```", "\n    indented", "\n|---|---|\n| a | b |", "\n  \n  ", "\n*(alert)*",
            "\n  trailing hard break  \nmore", "\r\n\r\nnext", "\n\u00a0", "\n\u0085", "\n  \u0085", "\n<div>\n");

    /** Every leading character class: all of ASCII, Unicode letters of each kind, marks, spaces, surrogates. */
    private static List<String> firsts() {
        List<String> firsts = new ArrayList<>();
        for (char c = 0; c < 128; c++) {
            firsts.add(String.valueOf(c));
        }
        firsts.addAll(List.of("é", "ß", "Ж", "日", "ǅ", "ª", "ʰ", "\u0301", "\u00a0", "\u2003", "\u2028", "\u0085",
                "١", "Ⅻ", "\ud83d\udd25", "\ud801\udc00", "**Dead end:**", "**dead end:**", "  ", "    ", "1.", "1)",
                "- ", "Word"));
        return firsts;
    }

    static List<String> corpus() {
        Set<String> texts = new LinkedHashSet<>();
        for (String first : firsts()) {
            for (String body : BODIES) {
                texts.add(first + body);
            }
            for (String second : SECOND_LINES) {
                texts.add(first + second);
                texts.add(first + " words" + second);
                texts.add(first + "  " + second);
            }
        }
        for (String body : BODIES) {
            for (String second : SECOND_LINES) {
                texts.add("Word" + body + second);
            }
        }
        texts.addAll(AwkwardIncidents.PLAIN);
        texts.addAll(AwkwardIncidents.MARKDOWN);
        Random random = new Random(20240512);
        String alphabet = "aZé日1. #*_[]()<>|~`!&\\-+=:/'\"\t \n\r\u00a0\u2003\u0085\u2028";
        for (int n = 0; n < 6_000; n++) {
            StringBuilder s = new StringBuilder();
            if (n % 2 == 0) {
                s.append((char) ('a' + random.nextInt(26)));
            }
            int length = random.nextInt(16);
            for (int i = 0; i < length; i++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            texts.add(s.toString());
        }
        return new ArrayList<>(texts);
    }

    @Test
    void theShortCutsGiveWhatTheRegexesAndTheParserGive() {
        int shortCuts = 0;
        for (String text : corpus()) {
            String clean = MarkdownText.clean(text);
            assertThat(clean).as(() -> "clean of " + show(text)).isEqualTo(cleanWithRegexes(text));
            // the export splits a text's clean once for its item and its text field, which split it again
            assertThat(MarkdownText.clean(clean)).as(() -> "clean twice of " + show(text)).isEqualTo(clean);
            MarkdownText.Split expected = MarkdownText.parsedSplit(clean);
            assertThat(MarkdownText.split(text)).as(() -> "split of " + show(text)).isEqualTo(expected);
            assertThat(MarkdownText.splitClean(clean)).as(() -> "split of clean " + show(text)).isEqualTo(expected);
            if (MarkdownText.isOneParagraphLine(clean)) {
                shortCuts++;
            }
        }
        assertThat(shortCuts).as("texts that took the short cut").isGreaterThan(3_000);
    }

    @Test
    void whereTheFirstParagraphEndsIsWhatTheParserSays() {
        for (String text : corpus()) {
            assertThat(MarkdownText.firstParagraphEnd(text)).as(() -> "first paragraph of " + show(text))
                    .isEqualTo(MarkdownText.parsedFirstParagraphEnd(text));
        }
    }

    @Test
    void anEventOfOneLineOfWordsTakesTheShortCutAndAnythingElseIsParsed() {
        assertThat(MarkdownText.isOneParagraphLine("Paged on-call for checkout (#1)")).isTrue();
        assertThat(MarkdownText.isOneParagraphLine("Élan 日本語 *(alert)*")).isTrue();
        assertThat(MarkdownText.isOneParagraphLine("Hard break  ")).isTrue();
        for (String parsed : List.of("", "1. one", "- item", "# heading", "> quote", " indented", "`code`",
                "[ref]: /x", "<div>", "| a |", "**Dead end:** x", "two\nlines", "x\u2028y", "\ud83d\udd25 fire")) {
            assertThat(MarkdownText.isOneParagraphLine(parsed)).as(show(parsed)).isFalse();
        }
        // a hard break kept at the end of one line is the rest, as the parser has it
        assertThat(MarkdownText.split("Hard break   ")).isEqualTo(new MarkdownText.Split("Hard break", "  ", true));
        assertThat(MarkdownText.parsedSplit("Hard break  ")).isEqualTo(new MarkdownText.Split("Hard break", "  ", true));
    }

    private static String show(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.chars().forEach(c -> out.append(c < ' ' || c > '~' ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.append('"').toString();
    }
}
