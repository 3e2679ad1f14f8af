package org.hindsight.postmortem.imports;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The zone (and maybe the day) a document declares for its times in a sentence: "All times are UTC.",
 * "All times below are in Pacific Standard Time", "Times are UTC on 2021-06-08", "times in PDT". The sentence
 * must speak of times and name a zone Hindsight knows within a few words; a date after "on" is the day of the
 * times that follow.
 */
final class ImportZonePhrase {

    /** What a sentence declared; {@code date} null when it named none. */
    record Declared(ZoneId zone, LocalDate date, int end) {
    }

    private static final Pattern TIMES = Pattern.compile("(?i)\\b(?:times?|timestamps?|table|timeline)\\b");
    /** A zone candidate: a North American region name, an IANA id, UTC/GMT with an offset, or a short name. */
    private static final Pattern CANDIDATE = Pattern.compile("(?:(?i:us[/ ])?(?i:pacific|eastern|central|mountain)"
            + "(?:\\s+(?i:standard|daylight))?(?:\\s+(?i:time))?"
            + "|[A-Z][a-z]+/[A-Za-z_]+|(?:UTC|GMT)\\s?[+\\-\u2212]\\s?\\d{1,2}(?::?\\d{2})?|[A-Z]{2,5})(?![\\w/])");
    private static final Pattern ON_DATE = Pattern.compile("(?i)^[^.;\\n]{0,20}?\\bon\\s+");
    private static final int REACH = 60;

    private ImportZonePhrase() {
    }

    /** The first declaration in {@code text}, or null. */
    static Declared find(String text, ImportContext context) {
        Matcher times = TIMES.matcher(text);
        while (times.find()) {
            int end = sentenceEnd(text, times.end());
            String rest = text.substring(times.end(), Math.min(end, times.end() + REACH));
            Matcher candidate = CANDIDATE.matcher(rest);
            while (candidate.find()) {
                ZoneId zone = ImportTimes.zone(candidate.group(), context.declaredZone, null);
                if (zone != null) {
                    return new Declared(zone, date(text.substring(times.end() + candidate.end(), end), context), end);
                }
            }
        }
        return null;
    }

    /** "on 4 October 2021" right after the zone, up to the sentence's end. */
    private static LocalDate date(String after, ImportContext context) {
        Matcher on = ON_DATE.matcher(after);
        return on.find() ? context.date(after.substring(on.end())) : null;
    }

    /**
     * The end of the sentence that starts before {@code from}: a full stop before a space, a semicolon, an empty line
     * (a paragraph's single line breaks are spaces).
     */
    private static int sentenceEnd(String text, int from) {
        int limit = Math.min(text.length(), from + 4 * REACH); // bounded: a long text of "times" stays linear
        for (int i = from; i < limit; i++) {
            char c = text.charAt(i);
            boolean paragraphEnd = c == '\n' && (i + 1 == text.length() || text.charAt(i + 1) == '\n');
            if (paragraphEnd || c == ';' || c == '.' && (i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1)))) {
                return i;
            }
        }
        return limit;
    }
}
