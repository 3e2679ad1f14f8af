package org.hindsight.postmortem.imports;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the date and time written at the start of a piece of text (one timeline entry, one table cell, one
 * label's value): ISO {@code 2024-05-12T09:00Z}, {@code 2024-05-12 09:00}, {@code May 12, 2024, 09:00 AM UTC},
 * {@code 12 May 09:00}, 12- and 24-hour clocks, and zones as short names ({@code CEST}, {@code PST}), IANA
 * ids, {@code Z} or offsets ({@code +02:00}, {@code UTC+2}). A pure helper: regexes over one node's text only.
 */
final class ImportTimes {

    private ImportTimes() {
    }

    /** A time read from text; {@code date} null when none was written, {@code yearGiven} false for "12 May". */
    record Written(LocalDate date, boolean yearGiven, LocalTime time, ZoneId zone, String zoneText, int end) {
    }

    private static final String MONTH = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
            + "|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
    private static final String WEEKDAY = "(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+)?";
    private static final String DATE = "(?:(?<iy>\\d{4})[-/](?<im>\\d{1,2})[-/](?<id>\\d{1,2})"
            + "|(?<na>\\d{1,2})/(?<nb>\\d{1,2})/(?<ny>\\d{4})"
            + "|(?<pd>\\d{1,2})\\.(?<pm>\\d{1,2})\\.(?<py>\\d{4})"
            + "|(?<jd>\\d{1,2})[/ -]" + MONTH.replace("(jan", "(?<jm>jan") + "[/ -](?<jy>\\d{4}|\\d{2})(?![\\d:])"
            + "|" + WEEKDAY + MONTH.replace("(jan", "(?<m1>jan") + "\\s+(?<d1>\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(?<y1>\\d{4})(?!\\d|:))?"
            + "|" + WEEKDAY + "(?<d2>\\d{1,2})(?:st|nd|rd|th)?\\s+" + MONTH.replace("(jan", "(?<m2>jan")
            + "(?:,?\\s+(?<y2>\\d{4})(?!\\d|:))?)";
    private static final String TIME = "(?<h>\\d{1,2})(?::(?<mi>\\d{2})(?::(?<s>\\d{2})(?:\\.\\d+)?)?)?"
            + "(?:\\s*(?<ap>[ap])\\.?\\s?m\\.?(?![a-z]))?";
    private static final Pattern LEADING = Pattern.compile(
            "^(?:" + DATE + "(?:\\s*,\\s*|\\s+at\\s+|\\s+[-\u2013]\\s+|\\s+|T))?" + TIME, Pattern.CASE_INSENSITIVE);
    /** "15:39 UTC on October 4th", "16:00 US/Pacific on Tuesday 28 February 2012": the date after the time. */
    private static final Pattern ON_DATE = Pattern.compile("^,?\\s+on\\s+(?:the\\s+)?" + DATE, Pattern.CASE_INSENSITIVE);
    private static final Pattern DATE_ONLY = Pattern.compile("^" + DATE, Pattern.CASE_INSENSITIVE);
    private static final Pattern DATE_ANYWHERE = Pattern.compile("(?<![\\w/.-])" + DATE + "(?![\\w/])",
            Pattern.CASE_INSENSITIVE);
    /** Starts a run only at its start (else find() is quadratic in a long run). */
    static final Pattern TRAILING_PUNCTUATION = Pattern.compile("(?<![.,;:])[.,;:]+$");
    private static final Pattern ZONE = Pattern.compile("^(\\s*)\\(?\\s*(Z(?![A-Za-z])"
            + "|(?:UTC|GMT)\\s?[+\\-\u2212]\\s?\\d{1,2}(?::?\\d{2})?(?![\\d:])"
            + "|[+\\-\u2212]\\d{2}:?\\d{2}(?![\\d:])"
            + "|(?:UTC|GMT)(?![A-Za-z])"
            + "|[A-Z][A-Za-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?"
            + "|[A-Z]{2,4}T?(?![A-Za-z]))\\)?");

    /** Common short names, as fixed offsets (a declared zone's own short names take precedence). */
    private static final Map<String, String> SHORT_NAMES = Map.ofEntries(
            Map.entry("UTC", "Z"), Map.entry("GMT", "Z"), Map.entry("Z", "Z"), Map.entry("WET", "Z"),
            Map.entry("BST", "+01:00"), Map.entry("WEST", "+01:00"), Map.entry("CET", "+01:00"),
            Map.entry("CEST", "+02:00"), Map.entry("EET", "+02:00"), Map.entry("EEST", "+03:00"),
            Map.entry("MSK", "+03:00"), Map.entry("IST", "+05:30"), Map.entry("SGT", "+08:00"),
            Map.entry("JST", "+09:00"), Map.entry("KST", "+09:00"), Map.entry("AEST", "+10:00"),
            Map.entry("AEDT", "+11:00"), Map.entry("NZST", "+12:00"), Map.entry("NZDT", "+13:00"),
            Map.entry("EST", "-05:00"), Map.entry("EDT", "-04:00"), Map.entry("CST", "-06:00"),
            Map.entry("CDT", "-05:00"), Map.entry("MST", "-07:00"), Map.entry("MDT", "-06:00"),
            Map.entry("PST", "-08:00"), Map.entry("PDT", "-07:00"), Map.entry("AKST", "-09:00"),
            Map.entry("AKDT", "-08:00"), Map.entry("HST", "-10:00"), Map.entry("BRT", "-03:00"));

    /**
     * The date and time at the start of {@code text}, or null. {@code declared}: the document's own zone;
     * {@code dayFirst} reads a numeric {@code 04/01/2021} as 4 January rather than the US 1 April (a first number
     * above 12 is a day either way).
     */
    static Written leading(String text, ZoneId declared, boolean dayFirst) {
        Matcher m = LEADING.matcher(text);
        if (!m.find()) {
            return null;
        }
        if (m.group("mi") == null && m.group("ap") == null) {
            return null; // a bare number is not a time
        }
        int hour = Integer.parseInt(m.group("h"));
        int minute = m.group("mi") == null ? 0 : Integer.parseInt(m.group("mi"));
        int second = m.group("s") == null ? 0 : Integer.parseInt(m.group("s"));
        if (m.group("ap") != null) {
            if (hour < 1 || hour > 12) {
                return null;
            }
            boolean pm = m.group("ap").equalsIgnoreCase("p");
            hour = hour % 12 + (pm ? 12 : 0);
        }
        if (hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        DatePart date = datePart(m, dayFirst);
        if (date == DatePart.INVALID) {
            return null;
        }
        int end = m.end();
        ZoneId zone = null;
        String zoneText = null;
        Matcher z = ZONE.matcher(text.substring(end));
        if (z.find()) {
            ZoneId found = zone(z.group(2), declared, date.date);
            boolean spaced = !z.group(1).isEmpty();
            boolean bareOffset = z.group(2).matches("[+\\-\u2212].*");
            if (found != null && !(spaced && bareOffset && !z.group(2).contains(":"))) {
                zone = found;
                zoneText = z.group(2);
                end += z.end();
            }
        }
        if (date == DatePart.NONE) {
            Matcher on = ON_DATE.matcher(text.substring(end));
            DatePart after = on.find() ? datePart(on, dayFirst) : DatePart.NONE;
            if (after != DatePart.INVALID && after.date != null) {
                date = after;
                end += on.end();
            }
        }
        return new Written(date.date, date.yearGiven, LocalTime.of(hour, minute, second), zone, zoneText, end);
    }

    /** A date alone ({@code 2024-05-12}, {@code May 12, 2024}); null unless the whole text is one. */
    static LocalDate date(String text, int defaultYear) {
        return date(text, defaultYear, false);
    }

    /** As {@link #date(String, int)}, numeric dates day first when {@code dayFirst}. */
    static LocalDate date(String text, int defaultYear, boolean dayFirst) {
        String trimmed = TRAILING_PUNCTUATION.matcher(text.strip()).replaceAll("");
        Matcher m = DATE_ONLY.matcher(trimmed);
        if (!m.find() || m.end() != trimmed.length()) {
            return null;
        }
        DatePart part = datePart(m, dayFirst);
        if (part == DatePart.INVALID || part.date == null) {
            return null;
        }
        return part.yearGiven ? part.date : part.date.withYear(defaultYear);
    }

    /** The first date with its year written anywhere in {@code text} ("On the morning of February 28, 2017"), or null. */
    static LocalDate firstDate(String text, boolean dayFirst) {
        Matcher m = DATE_ANYWHERE.matcher(text);
        while (m.find()) {
            DatePart part = datePart(m, dayFirst);
            if (part.date != null && part.yearGiven) {
                return part.date;
            }
        }
        return null;
    }

    /** A zone as written: a short name, an IANA id, an offset, or UTC/GMT/Z; null when not one. */
    static ZoneId zone(String text, ZoneId declared, LocalDate on) {
        String t = text.strip().replace('\u2212', '-');
        if (declared != null && shortNames(declared, on).contains(t)
                && (!SHORT_NAMES.containsKey(t) || !sameOffsets(declared, SHORT_NAMES.get(t)))) {
            return declared; // a name only the declared zone explains ("CST" of Asia/Shanghai)
        }
        ZoneId region = regionName(t);
        if (region != null) {
            return region;
        }
        if (SHORT_NAMES.containsKey(t)) {
            String offset = SHORT_NAMES.get(t);
            return offset.equals("Z") && !t.equals("Z") ? ZoneId.of("UTC") : ZoneOffset.of(offset);
        }
        try {
            if (t.matches("(?:UTC|GMT)\\s?[+-].*")) {
                return ZoneOffset.of(normalOffset(t.substring(3).strip()));
            }
            if (t.matches("[+-].*")) {
                return ZoneOffset.of(normalOffset(t));
            }
            if (t.contains("/")) {
                return ZoneId.of(t);
            }
        } catch (DateTimeException e) {
            return null;
        }
        return null;
    }

    private static final Pattern DAY_FIRST = Pattern.compile("(?<![\\d/])(\\d{1,2})/(\\d{1,2})/\\d{4}(?![\\d/])");

    /**
     * Whether the document writes numeric dates day first: one of them has a first number above 12
     * ({@code 25/12/2021}) and none a second number above 12. Otherwise {@code 01/04/2021} is US style, 4 January.
     */
    static boolean dayFirst(String text) {
        Matcher m = DAY_FIRST.matcher(text);
        boolean dayFirst = false;
        while (m.find()) {
            if (Integer.parseInt(m.group(2)) > 12) {
                return false;
            }
            dayFirst |= Integer.parseInt(m.group(1)) > 12;
        }
        return dayFirst;
    }

    private static final Pattern REGION_NAME = Pattern.compile(
            "(?i)(?:us[/ ])?(pacific|eastern|central|mountain)(?:\\s+(standard|daylight))?(?:\\s+time)?|([PECM])T");
    private static final Map<String, String> REGIONS = Map.of("p", "America/Los_Angeles", "e", "America/New_York",
            "c", "America/Chicago", "m", "America/Denver");

    /**
     * North American zones by name: {@code Pacific time}, {@code US/Eastern}, {@code PT} follow the region's daylight
     * saving; {@code Pacific Standard Time} and {@code Pacific Daylight Time} are fixed offsets.
     */
    private static ZoneId regionName(String text) {
        Matcher m = REGION_NAME.matcher(text);
        if (!m.matches()) {
            return null;
        }
        String region = (m.group(1) != null ? m.group(1) : m.group(3)).substring(0, 1).toLowerCase(Locale.ROOT);
        if (m.group(2) == null) {
            return ZoneId.of(REGIONS.get(region));
        }
        String letter = region.toUpperCase(Locale.ROOT);
        return ZoneOffset.of(SHORT_NAMES.get(letter + (m.group(2).equalsIgnoreCase("standard") ? "S" : "D") + "T"));
    }

    /** A zone typed by the user: an IANA id, UTC, or an offset like {@code +02:00} / {@code UTC+2}. */
    static ZoneId userZone(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        ZoneId known = zone(text, null, null);
        if (known != null) {
            return known;
        }
        try {
            return ZoneId.of(text.strip());
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String normalOffset(String offset) {
        String sign = offset.substring(0, 1);
        String digits = offset.substring(1).strip().replace(":", "");
        if (digits.length() <= 2) {
            return sign + String.format("%02d", Integer.parseInt(digits)) + ":00";
        }
        String hours = digits.substring(0, digits.length() - 2);
        return sign + String.format("%02d", Integer.parseInt(hours)) + ":" + digits.substring(digits.length() - 2);
    }

    /** Whether the declared zone's standard or daylight offset is the fixed offset a short name stands for. */
    private static boolean sameOffsets(ZoneId zone, String offset) {
        TimeZone tz = TimeZone.getTimeZone(zone);
        int seconds = ZoneOffset.of(offset).getTotalSeconds();
        return tz.getRawOffset() / 1000 == seconds || (tz.getRawOffset() + tz.getDSTSavings()) / 1000 == seconds;
    }

    private static java.util.Set<String> shortNames(ZoneId zone, LocalDate on) {
        TimeZone tz = TimeZone.getTimeZone(zone);
        java.util.Set<String> names = new java.util.HashSet<>();
        names.add(tz.getDisplayName(false, TimeZone.SHORT, Locale.ENGLISH));
        names.add(tz.getDisplayName(true, TimeZone.SHORT, Locale.ENGLISH));
        if (on != null) {
            names.add(java.time.format.DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH)
                    .format(on.atStartOfDay(zone)));
        }
        return names;
    }

    private record DatePart(LocalDate date, boolean yearGiven) {
        static final DatePart NONE = new DatePart(null, false);
        static final DatePart INVALID = new DatePart(null, true);
    }

    private static DatePart datePart(Matcher m, boolean dayFirst) {
        try {
            if (m.group("iy") != null) {
                return new DatePart(LocalDate.of(Integer.parseInt(m.group("iy")), Integer.parseInt(m.group("im")),
                        Integer.parseInt(m.group("id"))), true);
            }
            if (m.group("na") != null) {
                int a = Integer.parseInt(m.group("na"));
                int b = Integer.parseInt(m.group("nb"));
                boolean dayIsFirst = a > 12 || (dayFirst && b <= 12);
                return new DatePart(LocalDate.of(Integer.parseInt(m.group("ny")), dayIsFirst ? b : a,
                        dayIsFirst ? a : b), true);
            }
            if (m.group("pd") != null) { // 08.03.2022: dotted dates are written day first
                return new DatePart(LocalDate.of(Integer.parseInt(m.group("py")), Integer.parseInt(m.group("pm")),
                        Integer.parseInt(m.group("pd"))), true);
            }
            if (m.group("jd") != null) { // 18/Aug/23, 18-Aug-2023
                int year = Integer.parseInt(m.group("jy"));
                return new DatePart(LocalDate.of(year < 100 ? 2000 + year : year, monthNumber(m.group("jm")),
                        Integer.parseInt(m.group("jd"))), true);
            }
            String month = m.group("m1") != null ? m.group("m1") : m.group("m2");
            if (month == null) {
                return DatePart.NONE;
            }
            String day = m.group("m1") != null ? m.group("d1") : m.group("d2");
            String year = m.group("m1") != null ? m.group("y1") : m.group("y2");
            // a year-less date is held in a leap year, so 29 February survives until the real year is known
            return new DatePart(LocalDate.of(year == null ? 2000 : Integer.parseInt(year), monthNumber(month),
                    Integer.parseInt(day)), year != null);
        } catch (DateTimeException e) {
            return DatePart.INVALID;
        }
    }

    private static int monthNumber(String name) {
        String prefix = name.substring(0, 3).toLowerCase(Locale.ROOT);
        return "janfebmaraprmayjunjulaugsepoctnovdec".indexOf(prefix) / 3 + 1;
    }
}
