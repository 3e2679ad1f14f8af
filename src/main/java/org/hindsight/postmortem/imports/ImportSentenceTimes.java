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
    /** Words before the verb, and the sentence's length after the time, looked at. */
    private static final int REACH = 60;
    private static final Pattern FROM = Pattern.compile("(?i)\\b(?:from|between)\\s+");
    private static final Pattern TO = Pattern.compile("(?i)^\\s*(?:to|until|till|through|and|\u2013|-)\\s+");
    private static final Pattern PARTIAL = Pattern.compile(
            "(?i)\\b(?:most|majority|some|several|partially|partial|first|half|many)\\b");
    /** The sentence must be about the incident: "Our traffic peaks from 14:00 to 16:00" states no summary time. */
    private static final Pattern SUBJECT = Pattern.compile("(?i)\\b(?:incident|outage|impact|disruption|downtime"
            + "|degraded|degradation|unavailable|down|errors?|failures?|failed|service|services|customers|users)\\b");

    private ImportSentenceTimes() {
    }

    /** The summary times stated in {@code plain} text, in the order written. */
    static List<Stated> find(String plain, ImportContext context) {
        List<Stated> found = new ArrayList<>();
        ranges(plain, context, found);
        Matcher verb = VERB.matcher(plain);
        while (verb.find()) {
            Written written = context.leading(plain.substring(verb.end(), Math.min(plain.length(), verb.end() + REACH)));
            int from = sentenceStart(plain, verb.start());
            if (written != null && !PARTIAL.matcher(plain.substring(from, verb.end())).find()
                    && about(plain, from, verb.end() + written.end())) {
                found.add(new Stated(which(verb.group(1)), written, sentence(plain, from, verb.end() + written.end())));
            }
        }
        return found;
    }

    /** "from 16:35 to 17:02 UTC", "From 16:00 US/Pacific on Tuesday 28 February 2012 until 02:15 ...": start and end. */
    private static void ranges(String plain, ImportContext context, List<Stated> found) {
        Matcher from = FROM.matcher(plain);
        while (from.find()) {
            String rest = plain.substring(from.end(), Math.min(plain.length(), from.end() + 2 * REACH));
            Written start = context.leading(rest);
            if (start == null) {
                continue;
            }
            Matcher to = TO.matcher(rest.substring(start.end()));
            Written end = to.find() ? context.leading(rest.substring(start.end() + to.end())) : null;
            int sentenceStart = sentenceStart(plain, from.start());
            int through = from.end() + start.end() + (end == null ? 0 : to.end() + end.end());
            if (end == null || !about(plain, sentenceStart, through)) {
                continue;
            }
            if (start.zone() == null && end.zone() != null) { // "from 16:35 to 17:02 UTC": one zone for both
                start = new Written(start.date(), start.yearGiven(), start.time(), end.zone(), end.zoneText(),
                        start.end());
            }
            if (end.date() == null && start.date() != null) {
                end = new Written(start.date(), start.yearGiven(), end.time(), end.zone(), end.zoneText(), end.end());
            }
            String sentence = sentence(plain, sentenceStart, through);
            found.add(new Stated(SummaryTime.STARTED, start, sentence));
            found.add(new Stated(SummaryTime.RESOLVED, end, sentence));
        }
    }

    /** Back from {@code at} to the sentence's start, or a few words before it. */
    private static int sentenceStart(String plain, int at) {
        int from = at;
        while (from > 0 && at - from < REACH && ".;\n".indexOf(plain.charAt(from - 1)) < 0) {
            from--;
        }
        return from;
    }

    /** Whether the sentence from {@code from}, through {@code to} and a little after, speaks of the incident. */
    private static boolean about(String plain, int from, int to) {
        int end = Math.min(plain.length(), to + 4 * REACH); // bounded: the rest of a sentence of ordinary length
        for (int i = to; i < end; i++) {
            if (".;\n".indexOf(plain.charAt(i)) >= 0) {
                end = i;
                break;
            }
        }
        return SUBJECT.matcher(plain.substring(from, end)).find();
    }

    /** The words a time was read from, for the preview; "..." when they start inside a sentence. */
    private static String sentence(String plain, int from, int to) {
        boolean cut = from > 0 && ".;\n".indexOf(plain.charAt(from - 1)) < 0;
        return (cut ? "\u2026" : "") + plain.substring(from, Math.min(plain.length(), to)).strip();
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
