package org.hindsight.postmortem.imports;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The zone (and maybe the day) a document declares for its times in a sentence: "All times are UTC.",
 * "All times below are in Pacific Standard Time", "Times are UTC on 2021-06-08", "times in PDT", "the table is in
 * UTC". The zone must follow the words that declare it, with nothing between but "below", "in this review" and the
 * like; a date after "on" is the day of the times that follow.
 */
final class ImportZonePhrase {

    /** What a sentence declared; {@code date} null when it named none. */
    record Declared(ZoneId zone, LocalDate date, int end) {
    }

    /**
     * Where a declaration's zone may start: right after "(all) times (below | in this review ...) (are | :) (in)"
     * or "the table / timeline is (in)". "Response times from the central database" declares nothing.
     */
    private static final Pattern DECLARATION = Pattern.compile("(?i)(?:\\b(?:all\\s+)?(?:times?|timestamps?)\\b"
            + "(?:\\s+(?:below|above|here|shown|listed|given|used|throughout|in\\s+this\\s+\\w+|on\\s+this\\s+page))*"
            + "|\\b(?:the\\s+)?(?:table|timeline)\\s+(?:is|are))"
            + "(?:\\s*:|\\s+(?:are|is)\\b)?\\s*(?:(?:in|as)\\s+)?");
    /** A zone: a North American region name, an IANA id, UTC/GMT with an offset, or a short name. */
    private static final Pattern CANDIDATE = Pattern.compile("(?:(?i:us[/ ])?(?i:pacific|eastern|central|mountain)"
            + "(?:\\s+(?i:standard|daylight))?(?:\\s+(?i:time))?"
            + "|[A-Z][a-z]+/[A-Za-z_]+|(?:UTC|GMT)\\s?[+\\-\u2212]\\s?\\d{1,2}(?::?\\d{2})?|[A-Z]{2,5})(?![\\w/])");
    private static final Pattern ON_DATE = Pattern.compile("(?i)^[^.;\\n]{0,20}?\\bon\\s+");
    private static final int REACH = 60;
    private static final Pattern PARTS = Pattern.compile(",|\u00b7|;|\\s[\u2013\u2014-]\\s");
    private static final Pattern FILLER = Pattern.compile("(?i)^(?:all\\s+)?(?:times?\\s+)?(?:below\\s+)?(?:are\\s+)?"
            + "(?:in\\s+)?(?:on\\s+)?");

    private ImportZonePhrase() {
    }

    /** The first declaration in {@code text}, or null. */
    static Declared find(String text, ImportContext context) {
        Matcher declaration = DECLARATION.matcher(text);
        Matcher candidate = CANDIDATE.matcher(text);
        while (declaration.find()) {
            candidate.region(declaration.end(), text.length());
            if (candidate.lookingAt()) {
                ZoneId zone = ImportTimes.zone(candidate.group(), context.declaredZone, null);
                if (zone != null) {
                    int end = sentenceEnd(text, candidate.end());
                    return new Declared(zone, date(text.substring(candidate.end(), end), context), end);
                }
            }
        }
        return null;
    }

    /**
     * A short text that names only a zone and/or a day, in any order, with commas, a middle dot or "all times (are)"
     * between: {@code UTC, 25 July 2023}, {@code Tuesday 30 July 2024, UTC}, {@code all times US/Pacific}; null
     * when any part of it is something else.
     */
    static Declared setting(String text, ImportContext context) {
        String plain = NodeText.name(text.strip().replaceAll("^\\(|\\)$", ""));
        if (plain.isEmpty() || plain.length() > 80) {
            return null;
        }
        ZoneId zone = null;
        LocalDate date = null;
        for (String raw : PARTS.split(plain)) {
            String part = FILLER.matcher(raw.strip()).replaceFirst("").strip();
            if (part.isEmpty()) {
                continue;
            }
            LocalDate day = context.date(part);
            ZoneId named = day == null ? ImportTimes.zone(part, context.declaredZone, null) : null;
            if (day != null && date == null) {
                date = day;
            } else if (named != null && zone == null) {
                zone = named;
            } else {
                return null;
            }
        }
        return zone == null && date == null ? null : new Declared(zone, date, text.length());
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
