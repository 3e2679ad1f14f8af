package org.hindsight.timeline;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hindsight.system.DateRange;

/**
 * Parses the time a responder types next to a timeline event. Pure and deterministic: the user's
 * zone and the current instant are passed in. Input is stripped and case-insensitive.
 * <ul>
 * <li>empty, {@code null} or {@code now}: the current instant ({@link Interpretation#NOW}).</li>
 * <li>a time of day, {@code 09:30}, {@code 9:30}, {@code 9:30:15}, {@code 9:30 am}, {@code 9:30pm},
 * {@code 9 am}, {@code 9am}: today in the zone ({@code TODAY}), or yesterday ({@code YESTERDAY}) when
 * today's would be more than a minute ahead of now. 12-hour clock: {@code 12:05 am} is 00:05,
 * {@code 12:30 pm} is 12:30, hours 1 to 12 only. A bare hour ({@code 9}) or four digits without a
 * colon ({@code 0930}) are refused as ambiguous.</li>
 * <li>{@code yesterday} and a time of day, {@code yesterday 23:50}: that time on the day before
 * today ({@code YESTERDAY}).</li>
 * <li>a past offset, {@code -5m}, {@code -90s}, {@code -2 hours}, {@code -1h30m}, {@code 1h 30m ago}
 * ({@code RELATIVE}). Units: s, sec, secs, second(s); m, min, mins, minute(s); h, hr, hrs, hour(s);
 * d, day(s). Each unit at most once; a day is 24 hours. {@code +5m} or {@code 5m} (a future offset,
 * almost always a typo) is refused with {@code time.future}.</li>
 * <li>an ISO-8601 date-time, {@code T} or a space between date and time: with an offset,
 * {@code 2024-05-12T09:00:00Z}, {@code 2024-05-12 11:00+02:00}; or without, {@code 2024-05-12T09:00},
 * read in the zone ({@code ABSOLUTE}).</li>
 * </ul>
 * Wall-clock times are placed in the zone as {@link ZonedDateTime#of(LocalDate, LocalTime, ZoneId)}
 * does: a time in a DST gap moves forward by the gap's length (02:30 on a spring-forward day in
 * Berlin is 03:30 CEST), a time in an overlap takes the earlier offset (02:30 on a fall-back day
 * is the first 02:30, CEST).
 * <p>
 * Refused with {@link TimeInputException}: any other input, out-of-range fields ({@code 25:00},
 * {@code 9:75}, {@code 2024-02-30T10:00}) and input over 64 characters, checked before any regex,
 * with {@code time.invalid}; any result more than a minute after now with {@code time.future}; any result before
 * 1970 ({@link DateRange}, the API's rule) with {@code time.range}.
 */
final class TimeInput {

    /** How the input was understood, for "understood as ... (yesterday)". */
    enum Interpretation { NOW, TODAY, YESTERDAY, RELATIVE, ABSOLUTE }

    record ParsedTime(Instant instant, Interpretation interpretation) {
    }

    static final String INVALID = "time.invalid";
    static final String FUTURE = "time.future";
    /** Before 1970 (or after 9999): outside the dates Hindsight takes anywhere ({@link DateRange}). */
    static final String RANGE = "time.range";
    static final int MAX_LENGTH = 64;
    /** Forgives clocks that run a little behind the server's. */
    static final Duration SKEW = Duration.ofMinutes(1);

    private static final Pattern TIME_OF_DAY =
            Pattern.compile("(\\d{1,2})(?::(\\d{2})(?::(\\d{2}))?)?(?:\\s*([ap]m))?");
    private static final Pattern ISO_START = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[t ]");
    private static final Pattern OFFSET_PART = Pattern.compile("(\\d{1,5})\\s*([a-z]+)\\s*");
    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffsetId().optionalEnd()
            .toFormatter(Locale.ROOT)
            .withChronology(IsoChronology.INSTANCE)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Map<String, ChronoUnit> UNITS = Map.ofEntries(
            Map.entry("s", ChronoUnit.SECONDS), Map.entry("sec", ChronoUnit.SECONDS),
            Map.entry("secs", ChronoUnit.SECONDS), Map.entry("second", ChronoUnit.SECONDS),
            Map.entry("seconds", ChronoUnit.SECONDS), Map.entry("m", ChronoUnit.MINUTES),
            Map.entry("min", ChronoUnit.MINUTES), Map.entry("mins", ChronoUnit.MINUTES),
            Map.entry("minute", ChronoUnit.MINUTES), Map.entry("minutes", ChronoUnit.MINUTES),
            Map.entry("h", ChronoUnit.HOURS), Map.entry("hr", ChronoUnit.HOURS),
            Map.entry("hrs", ChronoUnit.HOURS), Map.entry("hour", ChronoUnit.HOURS),
            Map.entry("hours", ChronoUnit.HOURS), Map.entry("d", ChronoUnit.DAYS),
            Map.entry("day", ChronoUnit.DAYS), Map.entry("days", ChronoUnit.DAYS));

    private TimeInput() {
    }

    static ParsedTime parse(String input, ZoneId zone, Instant now) {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(now, "now");
        String stripped = input == null ? "" : input.strip();
        if (stripped.length() > MAX_LENGTH) {
            throw new TimeInputException(INVALID, input);
        }
        String text = stripped.toLowerCase(Locale.ROOT);
        if (text.isEmpty() || text.equals("now")) {
            return new ParsedTime(now, Interpretation.NOW);
        }
        LocalDate today = LocalDate.ofInstant(now, zone);
        ParsedTime parsed;
        if (text.startsWith("yesterday ")) {
            LocalTime time = timeOfDay(text.substring("yesterday ".length()).strip(), input);
            parsed = new ParsedTime(at(today.minusDays(1), time, zone), Interpretation.YESTERDAY);
        } else if (TIME_OF_DAY.matcher(text).matches()) {
            LocalTime time = timeOfDay(text, input);
            Instant instant = at(today, time, zone);
            parsed = instant.isAfter(now.plus(SKEW))
                    ? new ParsedTime(at(today.minusDays(1), time, zone), Interpretation.YESTERDAY)
                    : new ParsedTime(instant, Interpretation.TODAY);
        } else if (ISO_START.matcher(text).lookingAt()) {
            parsed = new ParsedTime(absolute(stripped.substring(0, 10) + 'T' + stripped.substring(11), zone, input),
                    Interpretation.ABSOLUTE);
        } else {
            parsed = new ParsedTime(now.minus(pastOffset(text, input)), Interpretation.RELATIVE);
        }
        if (parsed.instant().isAfter(now.plus(SKEW))) {
            throw new TimeInputException(FUTURE, input);
        }
        if (!DateRange.contains(parsed.instant())) {
            throw new TimeInputException(RANGE, input);
        }
        return parsed;
    }

    private static Instant at(LocalDate date, LocalTime time, ZoneId zone) {
        return ZonedDateTime.of(date, time, zone).toInstant();
    }

    private static LocalTime timeOfDay(String text, String input) {
        Matcher m = TIME_OF_DAY.matcher(text);
        if (!m.matches() || (m.group(2) == null && m.group(4) == null)) {
            throw new TimeInputException(INVALID, input);
        }
        int hour = Integer.parseInt(m.group(1));
        int minute = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        int second = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        if (m.group(4) != null) {
            if (hour < 1 || hour > 12) {
                throw new TimeInputException(INVALID, input);
            }
            hour = hour % 12 + (m.group(4).equals("pm") ? 12 : 0);
        }
        if (hour > 23 || minute > 59 || second > 59) {
            throw new TimeInputException(INVALID, input);
        }
        return LocalTime.of(hour, minute, second);
    }

    private static Instant absolute(String iso, ZoneId zone, String input) {
        try {
            TemporalAccessor parsed = ISO.parseBest(iso, OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof OffsetDateTime offset
                    ? offset.toInstant()
                    : ZonedDateTime.of((LocalDateTime) parsed, zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new TimeInputException(INVALID, input);
        }
    }

    /** {@code -1h30m} or {@code 1h30m ago}; a well-formed offset with {@code +} or no sign is in the future. */
    private static Duration pastOffset(String text, String input) {
        boolean past = text.startsWith("-") || (!text.startsWith("+") && text.endsWith(" ago"));
        String body = text.startsWith("-") || text.startsWith("+") ? text.substring(1)
                : past ? text.substring(0, text.length() - " ago".length()) : text;
        body = body.strip();
        if (body.isEmpty()) {
            throw new TimeInputException(INVALID, input);
        }
        Duration total = Duration.ZERO;
        Set<ChronoUnit> seen = EnumSet.noneOf(ChronoUnit.class);
        Matcher m = OFFSET_PART.matcher(body);
        for (int at = 0; at < body.length(); at = m.end()) {
            m.region(at, body.length());
            ChronoUnit unit = m.lookingAt() ? UNITS.get(m.group(2)) : null;
            if (unit == null || !seen.add(unit)) {
                throw new TimeInputException(INVALID, input);
            }
            total = total.plus(Long.parseLong(m.group(1)), unit);
        }
        if (!past) {
            throw new TimeInputException(FUTURE, input);
        }
        return total;
    }
}
