package org.hindsight.postmortem.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The import's patterns that were rewritten to read a long run of spaces, hashes, asterisks or brackets in linear
 * time find exactly what the patterns they replace found, on texts made of the pieces those patterns look for
 * (a difference would change what an import reads). The original patterns are written out here.
 */
class ImportPatternsTest {

    private static final String[] PIECES = {"a", "Fix", " ", "  ", "\t", "\n", "\r", "\u000b", "\f", "\u00a0",
        "\u2028", "\u0085", "*", "**", "_", "`", "(", ")", "[", "]", "*(", ")*", "\\", "\\*(", "#", "##", "######",
        "#######", "-", " - ", "\u2014", "\u2013", "@me", "@a.b", "http://x.io/a", "<https://y.io>", ">", ":", "：",
        ".", ",", ";", "1", "2.", "iv)", "owner: bo", "(UTC)", "(PST)", "é", "日"};

    /** How the patterns' matches end. */
    private static final String[] ENDINGS = {")*", ")* ", ")*\n", ")*\u2028", ")*\n\n", ")", ") ", "]", " #", "##",
        "  ", " - @me", " \u2014 http://x.io/a", " -- <https://y.io> ", "\\", ".", ";;", "**"};

    /** Random texts of 0 to 24 pieces (some with long runs, a third with a typical ending), from a fixed seed. */
    private static List<String> texts() {
        Set<String> texts = new LinkedHashSet<>();
        Random random = new Random(20240512);
        for (int n = 0; n < 30_000; n++) {
            StringBuilder s = new StringBuilder();
            int pieces = random.nextInt(25);
            for (int i = 0; i < pieces; i++) {
                String piece = PIECES[random.nextInt(PIECES.length)];
                s.append(n % 10 == 0 ? piece.repeat(1 + random.nextInt(8)) : piece);
            }
            if (n % 3 == 1) {
                s.append(ENDINGS[random.nextInt(ENDINGS.length)]);
            }
            texts.add(s.toString());
        }
        return new ArrayList<>(texts);
    }

    private static final List<String> TEXTS = texts();

    /** find(): whether, where and with which groups. */
    private static String found(Matcher m) {
        if (m == null || !m.find()) {
            return "none";
        }
        return describe(m);
    }

    private static String describe(Matcher m) {
        StringBuilder out = new StringBuilder().append(m.start()).append('-').append(m.end());
        for (int g = 1; g <= m.groupCount(); g++) {
            out.append(" [").append(m.group(g)).append(']');
        }
        return out.toString();
    }

    private static void sameFind(Pattern rewritten, String original) {
        Pattern before = Pattern.compile(original);
        for (String text : TEXTS) {
            assertThat(found(rewritten.matcher(text))).as("%s in %s", rewritten, show(text))
                    .isEqualTo(found(before.matcher(text)));
        }
    }

    private static void sameResult(Function<String, String> rewritten, Function<String, String> original,
            String what) {
        for (String text : TEXTS) {
            assertThat(rewritten.apply(text)).as("%s of %s", what, show(text)).isEqualTo(original.apply(text));
        }
    }

    @Test
    void actionItemMetaIsFoundWhereTheOriginalPatternFoundIt() {
        Pattern before = Pattern.compile("\\s*(?<!\\\\)\\*\\(([^\\n]*)\\)\\*\\s*$");
        for (String text : TEXTS) {
            Matcher m = ImportActionReader.meta(text);
            assertThat(m == null ? "none" : describe(m)).as("meta in %s", show(text))
                    .isEqualTo(found(before.matcher(text)));
        }
        sameFind(ImportActionReader.TRAILING, "\\s*[(\\[]([^()\\[\\]\\n]*)[)\\]]\\s*$");
        sameFind(ImportActionReader.LINK_AT_END, "\\s+[\u2014\u2013-]+\\s+<?(https?://[^\\s>]+)>?\\s*$");
        sameFind(ImportActionReader.OWNER_DASH, "\\s+[\u2014\u2013-]+\\s+(@[\\w.\\-]+)\\s*$");
    }

    @Test
    void timelinePatternsFindWhatTheOriginalsFound() {
        sameFind(ImportTimelineReader.META, "\\s*\\*\\(([^()\\n]*)\\)\\*\\s*$");
        sameResult(ImportTimelineReader::withoutParentheses, line -> line.replaceAll("\\([^)]*\\)", ""),
                "without parentheses");
        Pattern zone = Pattern.compile("\\(([^)]+)\\)");
        sameResult(ImportTimelineReader::firstParenthesised, header -> {
            Matcher m = zone.matcher(header);
            return m.find() ? m.group(1) : null;
        }, "first parenthesised");
    }

    @Test
    void headingsNamesAndKeysReadAsBefore() {
        Pattern hashHeading = Pattern.compile("^(#{1,6})([^#\\s].*?)\\s*#*\\s*$");
        for (String text : TEXTS) {
            Matcher before = hashHeading.matcher(text);
            Matcher after = ImportSections.HASH_HEADING.matcher(text);
            assertThat(after.matches() ? describe(after) : "none").as("heading %s", show(text))
                    .isEqualTo(before.matches() ? describe(before) : "none");
        }
        sameResult(t -> NodeText.LINE_BREAK.matcher(t).replaceAll(" "), t -> t.replaceAll("\\s*\\n\\s*", " "),
                "line breaks");
        sameResult(t -> NodeText.OUTER_EMPHASIS.matcher(t).replaceAll(""),
                t -> t.replaceAll("^[*_`]+|[*_`]+$", ""), "outer emphasis");
        sameResult(t -> NodeText.TRAILING_EMPHASIS.matcher(t).replaceAll(""), t -> t.replaceAll("[*_`]+$", ""),
                "trailing emphasis");
        sameResult(t -> NodeText.OUTER_PUNCTUATION.matcher(t).replaceAll(""),
                t -> t.replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N})]+$", ""), "outer punctuation");
        sameResult(t -> ImportTimes.TRAILING_PUNCTUATION.matcher(t).replaceAll(""), t -> t.replaceAll("[.,;:]+$", ""),
                "trailing punctuation");
        sameResult(t -> ImportLabels.HARD_BREAK.matcher(t).replaceAll(""), t -> t.replaceAll("\\\\$|\\s{2,}$", ""),
                "hard breaks");
    }

    @Test
    void theCorpusHoldsWhatThePatternsLookFor() {
        assertThat(TEXTS).hasSizeGreaterThan(25_000);
        assertThat(count(t -> ImportActionReader.meta(t) != null)).isGreaterThan(500);
        assertThat(count(t -> ImportActionReader.LINK_AT_END.matcher(t).find())).isGreaterThan(500);
        assertThat(count(t -> ImportActionReader.OWNER_DASH.matcher(t).find())).isGreaterThan(500);
        assertThat(count(t -> ImportTimelineReader.META.matcher(t).find())).isGreaterThan(500);
        assertThat(count(t -> ImportSections.HASH_HEADING.matcher(t).matches())).isGreaterThan(500);
    }

    private static long count(java.util.function.Predicate<String> test) {
        return TEXTS.stream().filter(test).count();
    }

    private static String show(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.chars().forEach(c -> out.append(c < ' ' || c > '~' ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.append('"').toString();
    }
}
