package org.hindsight.postmortem.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hindsight.incident.SummaryTime;
import org.hindsight.postmortem.imports.ImportTimes.Written;

/**
 * Summary times a document states only in a sentence of its prose: "The incident was mitigated at 12:35 UTC",
 * "service was restored at 1:54 PM", "errors began at 09:47". They rank below any labelled line and any key
 * moment of the timeline, and the preview says which sentence each came from.
 */
final class ImportSentenceTimes {

    /** One summary time a sentence states; {@code sentence} is the words it was read from, for the preview. */
    record Stated(SummaryTime which, Written written, String sentence) {
    }

    private static final Pattern VERB = Pattern.compile("(?i)\\b(began|begun|started|detected|noticed|identified"
            + "|mitigated|resolved|recovered|restored|ended)\\b[^.;:\\n]{0,24}?\\b(?:at|by|around|as of)\\s+");
    private static final int CONTEXT = 60;

    private ImportSentenceTimes() {
    }

    /** The summary times stated in {@code plain} text, in the order written. */
    static List<Stated> find(String plain, ImportContext context) {
        List<Stated> found = new ArrayList<>();
        Matcher verb = VERB.matcher(plain);
        while (verb.find()) {
            Written written = context.leading(plain.substring(verb.end(), Math.min(plain.length(), verb.end() + 60)));
            if (written != null) {
                int from = verb.start();
                while (from > 0 && verb.start() - from < CONTEXT && ".;\n".indexOf(plain.charAt(from - 1)) < 0) {
                    from--; // back to the sentence's start, or a few words before the verb
                }
                boolean cut = from > 0 && ".;\n".indexOf(plain.charAt(from - 1)) < 0;
                String sentence = plain.substring(from, Math.min(plain.length(), verb.end() + written.end())).strip();
                found.add(new Stated(which(verb.group(1)), written, (cut ? "\u2026" : "") + sentence));
            }
        }
        return found;
    }

    private static SummaryTime which(String verb) {
        return switch (verb.toLowerCase(Locale.ROOT)) {
            case "began", "begun", "started" -> SummaryTime.STARTED;
            case "detected", "noticed" -> SummaryTime.DETECTED;
            case "identified" -> SummaryTime.IDENTIFIED;
            case "mitigated" -> SummaryTime.MITIGATED;
            default -> SummaryTime.RESOLVED;
        };
    }
}
