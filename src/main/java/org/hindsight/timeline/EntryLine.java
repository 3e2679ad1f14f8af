package org.hindsight.timeline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one-line grammar of the timeline form's main field, so that a responder says everything in one line:
 * <pre>[time] [markers] text [markers]</pre>
 * <ul>
 * <li><b>time</b>, only at the very start and followed by a space: {@code -5m}, {@code -1h30m}, {@code -2 hours},
 * {@code 09:30}, {@code 9:30 PM}, {@code 9pm}, {@code yesterday 23:50} or an ISO date-time such as
 * {@code 2024-05-12T09:30Z}. {@link TimeInput} reads it, in the viewer's zone.</li>
 * <li><b>markers</b>, whole words at the start (after the time) or at the end of the line: a kind, {@code /note},
 * {@code /alert}, {@code /action}, {@code /obs}, {@code /decision}, {@code /dead}; a key moment, {@code !start},
 * {@code !detected}, {@code !response}, {@code !cause}, {@code !mitigated}, {@code !end}. Anywhere else, and
 * for any other word, the text is kept as written ({@code /etc/hosts}, {@code !!!}).</li>
 * </ul>
 * Pure and syntactic: what the time means and whether a marker may be used is decided by the caller.
 */
final class EntryLine {

    /**
     * A line taken apart. {@code time} is the leading time as typed (null when none); {@code kinds} the kind
     * markers in order (more than one is a contradiction the caller reports); {@code text} the rest.
     */
    record Reading(String text, String time, List<EventKind> kinds, Set<KeyMoment> moments) {

        boolean hasMarkers() {
            return !kinds.isEmpty() || !moments.isEmpty();
        }
    }

    private static final String UNIT = "(?:seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d)";
    private static final String CLOCK = "\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\s?[ap]m)?|\\d{1,2}\\s?[ap]m";
    private static final Pattern LEADING_TIME = Pattern.compile(
            "(yesterday\\s+(?:" + CLOCK + ")"
                    + "|\\d{4}-\\d{2}-\\d{2}[t ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:z|[+-]\\d{2}:?\\d{2})?"
                    + "|" + CLOCK
                    + "|-\\d{1,5}\\s?" + UNIT + "(?:\\s?\\d{1,5}\\s?" + UNIT + ")*)"
                    + "(?:\\s+|$)",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern WORD = Pattern.compile("\\S+");

    static final Map<String, EventKind> KIND_MARKERS = Map.ofEntries(
            Map.entry("/note", EventKind.NOTE), Map.entry("/alert", EventKind.ALERT),
            Map.entry("/action", EventKind.ACTION), Map.entry("/obs", EventKind.OBSERVATION),
            Map.entry("/observation", EventKind.OBSERVATION), Map.entry("/decision", EventKind.DECISION),
            Map.entry("/dead", EventKind.DEAD_END), Map.entry("/deadend", EventKind.DEAD_END),
            Map.entry("/dead-end", EventKind.DEAD_END));

    static final Map<String, KeyMoment> MOMENT_MARKERS = Map.ofEntries(
            Map.entry("!start", KeyMoment.START), Map.entry("!started", KeyMoment.START),
            Map.entry("!detected", KeyMoment.IMPACT_DETECTED), Map.entry("!impact", KeyMoment.IMPACT_DETECTED),
            Map.entry("!response", KeyMoment.RESPONSE_STARTED), Map.entry("!responding", KeyMoment.RESPONSE_STARTED),
            Map.entry("!cause", KeyMoment.CAUSE_IDENTIFIED), Map.entry("!identified", KeyMoment.CAUSE_IDENTIFIED),
            Map.entry("!mitigated", KeyMoment.MITIGATED), Map.entry("!end", KeyMoment.END),
            Map.entry("!resolved", KeyMoment.END));

    /** The marker a kind is written with, shown next to the kind in the form. */
    static String markerOf(EventKind kind) {
        return switch (kind) {
            case NOTE -> "/note";
            case ALERT -> "/alert";
            case ACTION -> "/action";
            case OBSERVATION -> "/obs";
            case DECISION -> "/decision";
            case DEAD_END -> "/dead";
        };
    }

    /** The marker a key moment is written with. */
    static String markerOf(KeyMoment moment) {
        return switch (moment) {
            case START -> "!start";
            case IMPACT_DETECTED -> "!detected";
            case RESPONSE_STARTED -> "!response";
            case CAUSE_IDENTIFIED -> "!cause";
            case MITIGATED -> "!mitigated";
            case END -> "!end";
        };
    }

    private EntryLine() {
    }

    /** Takes a line apart; {@code readTime} false leaves a leading time in the text (the form's "when" was used). */
    static Reading read(String line, boolean readTime) {
        String rest = line == null ? "" : line.strip();
        String time = null;
        if (readTime) {
            Matcher m = LEADING_TIME.matcher(rest);
            if (m.lookingAt()) {
                time = m.group(1);
                rest = rest.substring(m.end());
            }
        }
        List<EventKind> kinds = new ArrayList<>();
        Set<KeyMoment> moments = new LinkedHashSet<>();
        List<String> words = new ArrayList<>(List.of(rest.isEmpty() ? new String[0] : rest.split("\\s+")));
        int first = 0;
        while (first < words.size() && marker(words.get(first), kinds, moments)) {
            first++;
        }
        int last = words.size();
        List<EventKind> trailingKinds = new ArrayList<>();
        while (last > first && marker(words.get(last - 1), trailingKinds, moments)) {
            last--;
        }
        // trailing markers were read back to front
        for (int i = trailingKinds.size() - 1; i >= 0; i--) {
            kinds.add(trailingKinds.get(i));
        }
        String text = rest;
        if (first > 0 || last < words.size()) {
            text = stripMarkers(rest, first, words.size() - last);
        }
        return new Reading(text, time, List.copyOf(kinds), Set.copyOf(moments));
    }

    private static boolean marker(String word, List<EventKind> kinds, Set<KeyMoment> moments) {
        String lower = word.toLowerCase(Locale.ROOT);
        EventKind kind = KIND_MARKERS.get(lower);
        if (kind != null) {
            kinds.add(kind);
            return true;
        }
        KeyMoment moment = MOMENT_MARKERS.get(lower);
        if (moment != null) {
            moments.add(moment);
            return true;
        }
        return false;
    }

    /** The text between the leading and trailing markers, with its own spacing and line breaks kept. */
    private static String stripMarkers(String rest, int leading, int trailing) {
        List<java.util.regex.MatchResult> words = WORD.matcher(rest).results().toList();
        int last = words.size() - trailing - 1;
        return leading > last ? "" : rest.substring(words.get(leading).start(), words.get(last).end());
    }
}
