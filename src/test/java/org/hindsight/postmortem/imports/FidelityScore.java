package org.hindsight.postmortem.imports;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.hindsight.action.ActionStatus;
import org.hindsight.postmortem.imports.ImportedPostmortem.Action;
import org.hindsight.postmortem.imports.ImportedPostmortem.Event;

import tools.jackson.databind.JsonNode;

/**
 * Scores what the importer understood of one corpus document against its {@code expected.json} (what a perfect
 * import extracts), field by field, each score between 0 and 1:
 * <ul>
 * <li>{@code startedAt}, {@code resolvedAt}: 1 when the instant is exactly the expected one (or both are absent).</li>
 * <li>{@code title}, {@code impact}, {@code rootCause}, {@code resolution}: fuzzy text, 1 when the token-overlap
 * ratio is at least {@value #TEXT_THRESHOLD}, else 0. Texts are normalised first: lower case, Markdown markup
 * dropped, split into letter/digit tokens; the ratio is the Dice coefficient of the two token multisets
 * ({@code 2 × shared tokens / (tokens in one + tokens in the other)}). The root cause is read as the best of the
 * root-cause summary, the root cause and the contributing factors, alone or joined in that order.</li>
 * <li>{@code timeline}: F1 of the timeline entries; an entry matches an expected one when its instant is equal and
 * its text matches fuzzily (threshold above), each entry matched at most once.</li>
 * <li>{@code actions}: F1 of the action items, matched by fuzzy title (threshold above, best match first).</li>
 * <li>{@code owner}, {@code due}, {@code done}: accuracy among the matched action items (owner compared without
 * case, spacing or a leading {@code @}; due date exactly; done is status {@link ActionStatus#DONE}). With no
 * match they score 0, unless neither side has any action (1).</li>
 * </ul>
 * A document's score is the mean of its fields.
 */
final class FidelityScore {

    static final double TEXT_THRESHOLD = 0.8;
    static final List<String> FIELDS = List.of("title", "startedAt", "resolvedAt", "impact", "rootCause",
            "resolution", "timeline", "actions", "owner", "due", "done");

    private FidelityScore() {
    }

    /** One expected.json. */
    record Expected(String title, Instant startedAt, Instant resolvedAt, String impact, String rootCause,
            String resolution, List<ExpectedEvent> timeline, List<ExpectedAction> actions) {

        static Expected of(JsonNode json) {
            List<ExpectedEvent> timeline = new ArrayList<>();
            for (JsonNode event : json.get("timeline")) {
                timeline.add(new ExpectedEvent(instant(event.get("at")), text(event.get("text"))));
            }
            List<ExpectedAction> actions = new ArrayList<>();
            for (JsonNode action : json.get("actions")) {
                String due = text(action.get("dueDate"));
                actions.add(new ExpectedAction(text(action.get("title")), text(action.get("owner")),
                        due == null ? null : LocalDate.parse(due), action.get("done").asBoolean()));
            }
            return new Expected(text(json.get("title")), instant(json.get("startedAt")),
                    instant(json.get("resolvedAt")), text(json.get("impact")), text(json.get("rootCause")),
                    text(json.get("resolution")), timeline, actions);
        }

        private static String text(JsonNode node) {
            return node == null || node.isNull() ? null : node.asString();
        }

        private static Instant instant(JsonNode node) {
            String text = text(node);
            return text == null ? null : Instant.parse(text);
        }
    }

    record ExpectedEvent(Instant at, String text) {
    }

    record ExpectedAction(String title, String owner, LocalDate dueDate, boolean done) {
    }

    /** The score of each of {@link #FIELDS}, in that order. */
    static Map<String, Double> score(Expected expected, ImportedPostmortem actual) {
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("title", text(expected.title(), actual.title()));
        scores.put("startedAt", Objects.equals(expected.startedAt(), actual.startedAt()) ? 1.0 : 0.0);
        scores.put("resolvedAt", Objects.equals(expected.resolvedAt(), actual.resolvedAt()) ? 1.0 : 0.0);
        scores.put("impact", text(expected.impact(), actual.impact()));
        scores.put("rootCause", rootCause(expected.rootCause(), actual));
        scores.put("resolution", text(expected.resolution(), actual.resolution()));
        scores.put("timeline", timeline(expected.timeline(), actual.events()));
        actions(expected.actions(), actual.actions(), scores);
        return scores;
    }

    static double mean(Iterable<Double> values) {
        double sum = 0;
        int count = 0;
        for (double value : values) {
            sum += value;
            count++;
        }
        return count == 0 ? 0 : sum / count;
    }

    /** The Dice coefficient of the two texts' normalised token multisets; 1 when both have no token. */
    static double similarity(String a, String b) {
        List<String> one = tokens(a);
        List<String> other = tokens(b);
        if (one.isEmpty() && other.isEmpty()) {
            return 1;
        }
        Map<String, Integer> counts = new HashMap<>();
        one.forEach(token -> counts.merge(token, 1, Integer::sum));
        int shared = 0;
        for (String token : other) {
            Integer left = counts.get(token);
            if (left != null && left > 0) {
                counts.put(token, left - 1);
                shared++;
            }
        }
        return 2.0 * shared / (one.size() + other.size());
    }

    static boolean matches(String expected, String actual) {
        return similarity(expected, actual) >= TEXT_THRESHOLD;
    }

    private static List<String> tokens(String text) {
        if (text == null) {
            return List.of();
        }
        String plain = text.toLowerCase(Locale.ROOT).replaceAll("[*_`#>|~\\\\]", " ");
        List<String> tokens = new ArrayList<>();
        for (String token : plain.split("[^\\p{L}\\p{N}]+")) {
            if (!token.isEmpty()) {
                tokens.add(token);
            }
        }
        return tokens;
    }

    private static double text(String expected, String actual) {
        boolean expectedBlank = expected == null || expected.isBlank();
        boolean actualBlank = actual == null || actual.isBlank();
        if (expectedBlank || actualBlank) {
            return expectedBlank == actualBlank ? 1 : 0;
        }
        return matches(expected, actual) ? 1 : 0;
    }

    private static double rootCause(String expected, ImportedPostmortem actual) {
        List<String> parts = new ArrayList<>();
        for (String part : new String[] {actual.rootCauseSummary(), actual.rootCause(),
                actual.contributingFactors()}) {
            parts.add(part == null || part.isBlank() ? null : part);
        }
        double best = text(expected, null);
        for (int subset = 1; subset < 8; subset++) {
            StringBuilder joined = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                if ((subset & (1 << i)) != 0 && parts.get(i) != null) {
                    joined.append(parts.get(i)).append('\n');
                }
            }
            if (!joined.isEmpty()) {
                best = Math.max(best, text(expected, joined.toString()));
            }
        }
        return best;
    }

    private static double timeline(List<ExpectedEvent> expected, List<Event> actual) {
        boolean[] used = new boolean[actual.size()];
        int matched = 0;
        for (ExpectedEvent want : expected) {
            for (int i = 0; i < actual.size(); i++) {
                Event got = actual.get(i);
                if (!used[i] && want.at().equals(got.at()) && matches(want.text(), got.text())) {
                    used[i] = true;
                    matched++;
                    break;
                }
            }
        }
        return f1(matched, expected.size(), actual.size());
    }

    private static void actions(List<ExpectedAction> expected, List<Action> actual, Map<String, Double> scores) {
        boolean[] used = new boolean[actual.size()];
        int matched = 0;
        int owners = 0;
        int dues = 0;
        int dones = 0;
        for (ExpectedAction want : expected) {
            int best = -1;
            double bestScore = TEXT_THRESHOLD;
            for (int i = 0; i < actual.size(); i++) {
                double similarity = similarity(want.title(), actual.get(i).title());
                if (!used[i] && similarity >= bestScore) {
                    best = i;
                    bestScore = similarity;
                }
            }
            if (best < 0) {
                continue;
            }
            used[best] = true;
            matched++;
            Action got = actual.get(best);
            owners += Objects.equals(owner(want.owner()), owner(got.owner())) ? 1 : 0;
            dues += Objects.equals(want.dueDate(), got.dueDate()) ? 1 : 0;
            dones += want.done() == (got.status() == ActionStatus.DONE) ? 1 : 0;
        }
        scores.put("actions", f1(matched, expected.size(), actual.size()));
        boolean none = expected.isEmpty() && actual.isEmpty();
        scores.put("owner", matched == 0 ? (none ? 1.0 : 0.0) : (double) owners / matched);
        scores.put("due", matched == 0 ? (none ? 1.0 : 0.0) : (double) dues / matched);
        scores.put("done", matched == 0 ? (none ? 1.0 : 0.0) : (double) dones / matched);
    }

    private static String owner(String owner) {
        if (owner == null) {
            return null;
        }
        String plain = owner.strip().replaceFirst("^@", "").replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        return plain.isEmpty() ? null : plain;
    }

    private static double f1(int matched, int expected, int actual) {
        if (expected == 0 && actual == 0) {
            return 1;
        }
        if (matched == 0) {
            return 0;
        }
        double precision = (double) matched / actual;
        double recall = (double) matched / expected;
        return 2 * precision * recall / (precision + recall);
    }
}
