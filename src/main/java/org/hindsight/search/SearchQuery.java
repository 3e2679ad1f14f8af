package org.hindsight.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A search as typed, read the way PostgreSQL's {@code websearch_to_tsquery} reads it, so that both databases find
 * the same: words (all of them), {@code "quoted phrases"} (the words in this order), {@code -word} and
 * {@code -"a phrase"} left out, and {@code or} between alternatives. {@code or} binds loosest: {@code a b or c}
 * is "a and b, or c". Punctuation separates words ({@code api-gateway}, {@code connection_pool} and
 * {@code **bold**} are their words in a row); English stop words ("the", "of") are not searched for, as in
 * PostgreSQL's {@code english} configuration, but hold their place in a phrase.
 *
 * <p>Each alternative ({@link Group}) is matched against one record at a time: the incident's own text, one timeline
 * event or one action item. A group must name something to find: {@code -word} alone would match nearly every
 * record, so a search made only of left-out or stop words is {@link #findsNothing()}.
 */
record SearchQuery(String text, List<Group> groups) {

    /** The longest search taken (characters). */
    static final int MAX_LENGTH = 500;
    /** The most words and phrases taken in one search. */
    static final int MAX_TERMS = 32;

    /** Words as PostgreSQL's parser and Java's Unicode classes see them: letters, combining marks and digits. */
    static final String WORD_CHARS = "\\p{L}\\p{M}\\p{N}";
    private static final Pattern WORD = Pattern.compile("[" + WORD_CHARS + "]+");

    /** PostgreSQL's english.stop (tsearch_data), which the english configuration leaves out of every index. */
    static final Set<String> STOP_WORDS = Set.of("i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you",
            "your", "yours", "yourself", "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself",
            "it", "its", "itself", "they", "them", "their", "theirs", "themselves", "what", "which", "who", "whom",
            "this", "that", "these", "those", "am", "is", "are", "was", "were", "be", "been", "being", "have", "has",
            "had", "having", "do", "does", "did", "doing", "a", "an", "the", "and", "but", "if", "or", "because",
            "as", "until", "while", "of", "at", "by", "for", "with", "about", "against", "between", "into",
            "through", "during", "before", "after", "above", "below", "to", "from", "up", "down", "in", "out", "on",
            "off", "over", "under", "again", "further", "then", "once", "here", "there", "when", "where", "why",
            "how", "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "no", "nor", "not",
            "only", "own", "same", "so", "than", "too", "very", "s", "t", "can", "will", "just", "don", "should",
            "now");

    /** A word or a phrase (its words in this order), lower-cased; stop words inside a phrase hold a place. */
    record Term(List<String> words, boolean excluded) {

        boolean isPhrase() {
            return words.size() > 1;
        }

        /** The words that are searched for (stop words stand for any word). */
        List<String> searched() {
            return words.stream().filter(w -> !STOP_WORDS.contains(w)).toList();
        }
    }

    /** Terms that must all hold for one record (an excluded term: must not). */
    record Group(List<Term> terms) {

        List<Term> wanted() {
            return terms.stream().filter(t -> !t.excluded()).toList();
        }

        List<Term> excluded() {
            return terms.stream().filter(Term::excluded).toList();
        }
    }

    /** Why a search cannot run, as a message code; null when it can. */
    String problem() {
        if (text.isBlank()) {
            return "search.q.required";
        }
        if (text.length() > MAX_LENGTH) {
            return "search.q.tooLong";
        }
        if (groups.stream().mapToInt(g -> g.terms().size()).sum() > MAX_TERMS) {
            return "search.q.tooManyTerms";
        }
        if (findsNothing()) {
            return "search.q.nothingToFind";
        }
        return null;
    }

    /** No word to find: empty, only stop words, or an alternative made only of left-out words. */
    boolean findsNothing() {
        return groups.isEmpty() || groups.stream().anyMatch(g -> g.wanted().isEmpty());
    }

    /**
     * The query as websearch_to_tsquery should read it: only words, quoted phrases, {@code -} and {@code or}, so
     * that PostgreSQL takes exactly these terms (its parser reads no host name, path or tag into the query).
     */
    String websearch() {
        return groups.stream().map(group -> group.terms().stream()
                .map(term -> (term.excluded() ? "-" : "")
                        + (term.isPhrase() ? "\"" + String.join(" ", term.words()) + "\"" : term.words().get(0)))
                .collect(java.util.stream.Collectors.joining(" "))).collect(java.util.stream.Collectors.joining(" or "));
    }

    /**
     * Every alternative is a single word, none left out: a set of records holds the query exactly when one of them
     * does, so the words of all an incident's events together answer for its events one by one.
     */
    boolean oneWordEach() {
        return groups.stream().allMatch(g -> g.terms().size() == 1 && !g.terms().get(0).excluded()
                && g.terms().get(0).searched().size() == 1 && !g.terms().get(0).isPhrase());
    }

    /** Any of the words searched for, as websearch_to_tsquery reads it ({@code a or b or c}): what a snippet marks. */
    String anyWord() {
        return groups.stream().flatMap(g -> g.wanted().stream()).flatMap(t -> t.searched().stream()).distinct()
                .collect(java.util.stream.Collectors.joining(" or "));
    }

    /**
     * A word that is, or may hold, a number: PostgreSQL keeps no numbers among an incident's words. Only digits, or
     * any other numeric character (PostgreSQL reads "12³" as the number 12); an ASCII word with digits ("n123",
     * "db01") is one word to PostgreSQL, and kept.
     */
    boolean hasNumber() {
        return groups.stream().flatMap(g -> g.terms().stream()).flatMap(t -> t.words().stream())
                .anyMatch(w -> w.chars().allMatch(c -> c >= '0' && c <= '9')
                        || w.chars().anyMatch(c -> Character.isDigit(c) ? c > '9' : isOtherNumber(c)));
    }

    private static boolean isOtherNumber(int c) {
        int type = Character.getType(c);
        return type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
    }

    static SearchQuery parse(String typed) {
        String text = typed == null ? "" : typed.strip();
        List<Group> groups = new ArrayList<>();
        List<Term> current = new ArrayList<>();
        int i = 0;
        int n = Math.min(text.length(), MAX_LENGTH + 1);
        while (i < n) {
            char c = text.charAt(i);
            boolean excluded = false;
            if (c == '-' && (i == 0 || Character.isWhitespace(text.charAt(i - 1))) && i + 1 < n
                    && !Character.isWhitespace(text.charAt(i + 1))) {
                excluded = true;
                i++;
                c = text.charAt(i);
            }
            if (c == '"') {
                int end = text.indexOf('"', i + 1);
                end = end < 0 || end > n ? n : end;
                add(current, words(text.substring(i + 1, end)), excluded);
                i = end + 1;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else {
                int end = i;
                while (end < n && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '"') {
                    end++;
                }
                String token = text.substring(i, end);
                if (!excluded && token.equalsIgnoreCase("or")) {
                    if (!current.isEmpty()) {
                        groups.add(new Group(List.copyOf(current)));
                        current = new ArrayList<>();
                    }
                } else {
                    add(current, words(token), excluded);
                }
                i = end;
            }
        }
        if (!current.isEmpty()) {
            groups.add(new Group(List.copyOf(current)));
        }
        return new SearchQuery(text, List.copyOf(groups));
    }

    /** A term unless it has nothing but stop words (PostgreSQL leaves those out of the query). */
    private static void add(List<Term> terms, List<String> words, boolean excluded) {
        if (words.stream().anyMatch(w -> !STOP_WORDS.contains(w))) {
            terms.add(new Term(trimStopWords(words), excluded));
        }
    }

    /** Stop words at either end of a phrase hold no place between searched words: dropped. */
    private static List<String> trimStopWords(List<String> words) {
        int from = 0;
        int to = words.size();
        while (STOP_WORDS.contains(words.get(from))) {
            from++;
        }
        while (STOP_WORDS.contains(words.get(to - 1))) {
            to--;
        }
        return List.copyOf(words.subList(from, to));
    }

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            words.add(m.group().toLowerCase(Locale.ROOT));
        }
        return words;
    }
}
