package org.hindsight.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.hindsight.timeline.TimeInput.Interpretation;
import org.hindsight.timeline.TimeInput.ParsedTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The time a responder types next to a timeline event, with a fixed now and several zones. */
class TimeInputTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    static final ZoneId UTC = ZoneOffset.UTC;

    /** 2024-05-12 12:00 in Berlin (CEST). */
    static final Instant NOON_BERLIN = Instant.parse("2024-05-12T10:00:00Z");

    static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    static TimeInputException refusal(String input, ZoneId zone, Instant now) {
        return catchThrowableOfType(TimeInputException.class, () -> TimeInput.parse(input, zone, now));
    }

    @ParameterizedTest(name = "[{0}]")
    @NullSource
    @ValueSource(strings = {"", "   ", "now", "NOW", " Now\t"})
    void emptyOrNowIsNow(String input) {
        assertThat(TimeInput.parse(input, BERLIN, NOON_BERLIN))
                .isEqualTo(new ParsedTime(NOON_BERLIN, Interpretation.NOW));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
            "09:30,        2024-05-12T09:30,    TODAY",
            "9:30,         2024-05-12T09:30,    TODAY",
            "' 9:30 ',     2024-05-12T09:30,    TODAY",
            "9:30:15,      2024-05-12T09:30:15, TODAY",
            "0:00,         2024-05-12T00:00,    TODAY",
            "9:30 AM,      2024-05-12T09:30,    TODAY",
            "9:30am,       2024-05-12T09:30,    TODAY",
            "9:30 pm,      2024-05-12T21:30,    TODAY",
            "9:30:15 PM,   2024-05-12T21:30:15, TODAY",
            "9 AM,         2024-05-12T09:00,    TODAY",
            "9am,          2024-05-12T09:00,    TODAY",
            "09 pm,        2024-05-12T21:00,    TODAY",
            "12:05 AM,     2024-05-12T00:05,    TODAY",
            "12 am,        2024-05-12T00:00,    TODAY",
            "12:59 am,     2024-05-12T00:59,    TODAY",
            "1:00 am,      2024-05-12T01:00,    TODAY",
            "12:30 PM,     2024-05-12T12:30,    TODAY",
            "12 pm,        2024-05-12T12:00,    TODAY",
            "11:59 AM,     2024-05-12T11:59,    TODAY",
            "23:00,        2024-05-12T23:00,    TODAY",
            "11:30 pm,     2024-05-11T23:30,    YESTERDAY",
            "23:59:59,     2024-05-11T23:59:59, YESTERDAY",
    })
    void timeOfDayIsTodayInTheUsersZoneUnlessThatIsAhead(String input, String expected, Interpretation interpretation) {
        Instant elevenPm = berlin("2024-05-12T23:00");
        assertThat(TimeInput.parse(input, BERLIN, elevenPm))
                .isEqualTo(new ParsedTime(berlin(expected), interpretation));
    }

    @ParameterizedTest(name = "{0} at 08:00 -> {1} {2}")
    @CsvSource({
            "09:30,  2024-05-11T09:30, YESTERDAY",
            "08:02,  2024-05-11T08:02, YESTERDAY",
            "08:01,  2024-05-12T08:01, TODAY",
            "8:00,   2024-05-12T08:00, TODAY",
            "7:59,   2024-05-12T07:59, TODAY",
    })
    void aTimeMoreThanAMinuteAheadMeansYesterday(String input, String expected, Interpretation interpretation) {
        Instant eightAm = berlin("2024-05-12T08:00");
        assertThat(TimeInput.parse(input, BERLIN, eightAm))
                .isEqualTo(new ParsedTime(berlin(expected), interpretation));
    }

    @Test
    void justAfterMidnightALateTimeIsYesterday() {
        Instant tenPastMidnight = berlin("2024-05-12T00:10");
        assertThat(TimeInput.parse("23:55", BERLIN, tenPastMidnight))
                .isEqualTo(new ParsedTime(berlin("2024-05-11T23:55"), Interpretation.YESTERDAY));
        assertThat(TimeInput.parse("00:05", BERLIN, tenPastMidnight))
                .isEqualTo(new ParsedTime(berlin("2024-05-12T00:05"), Interpretation.TODAY));
    }

    @Test
    void todayIsTheUsersDayNotUtcs() {
        Instant now = Instant.parse("2024-05-12T03:00:00Z");
        // 2024-05-11 23:00 in New York
        assertThat(TimeInput.parse("22:00", NEW_YORK, now))
                .isEqualTo(new ParsedTime(Instant.parse("2024-05-12T02:00:00Z"), Interpretation.TODAY));
        // 2024-05-12 08:30 in Kolkata
        assertThat(TimeInput.parse("9:00", KOLKATA, now))
                .isEqualTo(new ParsedTime(Instant.parse("2024-05-11T03:30:00Z"), Interpretation.YESTERDAY));
        assertThat(TimeInput.parse("8:00", KOLKATA, now))
                .isEqualTo(new ParsedTime(Instant.parse("2024-05-12T02:30:00Z"), Interpretation.TODAY));
        assertThat(TimeInput.parse("2:59", UTC, now))
                .isEqualTo(new ParsedTime(Instant.parse("2024-05-12T02:59:00Z"), Interpretation.TODAY));
    }

    @Test
    void aTimeInTheSpringForwardGapMovesForwardByTheGap() {
        // Berlin 2024-03-31: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist; it becomes 03:30 CEST
        Instant threeThirtyCest = Instant.parse("2024-03-31T01:30:00Z");
        Instant noon = Instant.parse("2024-03-31T10:00:00Z");
        assertThat(TimeInput.parse("02:30", BERLIN, noon))
                .isEqualTo(new ParsedTime(threeThirtyCest, Interpretation.TODAY));
        assertThat(TimeInput.parse("2024-03-31 02:30", BERLIN, noon))
                .isEqualTo(new ParsedTime(threeThirtyCest, Interpretation.ABSOLUTE));
        Instant tenPastMidnightNextDay = Instant.parse("2024-03-31T22:10:00Z");
        assertThat(TimeInput.parse("2:30 am", BERLIN, tenPastMidnightNextDay))
                .isEqualTo(new ParsedTime(threeThirtyCest, Interpretation.YESTERDAY));
        assertThat(TimeInput.parse("yesterday 02:30", BERLIN, tenPastMidnightNextDay))
                .isEqualTo(new ParsedTime(threeThirtyCest, Interpretation.YESTERDAY));
    }

    @Test
    void aTimeInTheFallBackOverlapTakesTheEarlierOffset() {
        // Berlin 2024-10-27: 03:00 CEST falls back to 02:00 CET, so 02:30 happens twice; the first is CEST
        Instant firstTwoThirty = Instant.parse("2024-10-27T00:30:00Z");
        Instant noon = Instant.parse("2024-10-27T11:00:00Z");
        assertThat(TimeInput.parse("02:30", BERLIN, noon))
                .isEqualTo(new ParsedTime(firstTwoThirty, Interpretation.TODAY));
        assertThat(TimeInput.parse("2024-10-27T02:30", BERLIN, noon))
                .isEqualTo(new ParsedTime(firstTwoThirty, Interpretation.ABSOLUTE));
        assertThat(TimeInput.parse("2024-10-27T02:30+01:00", BERLIN, noon))
                .isEqualTo(new ParsedTime(Instant.parse("2024-10-27T01:30:00Z"), Interpretation.ABSOLUTE));
        // rolled back from 2024-10-28 02:30 CET: still the earlier 02:30, not the one with today's offset
        Instant tenPastMidnightNextDay = Instant.parse("2024-10-27T23:10:00Z");
        assertThat(TimeInput.parse("02:30", BERLIN, tenPastMidnightNextDay))
                .isEqualTo(new ParsedTime(firstTwoThirty, Interpretation.YESTERDAY));
    }

    @ParameterizedTest(name = "{0} -> now minus {1}")
    @CsvSource({
            "-5m,         PT5M",
            "-2h,         PT2H",
            "-90s,        PT90S",
            "-1d,         PT24H",
            "-1h30m,      PT1H30M",
            "-1h 30m,     PT1H30M",
            "-1d2h3m4s,   P1DT2H3M4S",
            "- 5m,        PT5M",
            "-5M,         PT5M",
            "-5 min,      PT5M",
            "-10 mins,    PT10M",
            "-1 minute,   PT1M",
            "-3 minutes,  PT3M",
            "-2 hours,    PT2H",
            "-1 hour,     PT1H",
            "-1hr,        PT1H",
            "-3 hrs,      PT3H",
            "-30 sec,     PT30S",
            "-30 secs,    PT30S",
            "-1 second,   PT1S",
            "-45 seconds, PT45S",
            "-1 day,      PT24H",
            "-2 days,     PT48H",
            "-0m,         PT0S",
            "5m ago,      PT5M",
            "1h30m ago,   PT1H30M",
            "2 hours ago, PT2H",
            "1 hr 15 min ago, PT1H15M",
            "10 MIN AGO,  PT10M",
    })
    void aPastOffsetCountsBackFromNow(String input, Duration back) {
        for (ZoneId zone : new ZoneId[] {UTC, BERLIN, KOLKATA}) {
            assertThat(TimeInput.parse(input, zone, NOON_BERLIN))
                    .isEqualTo(new ParsedTime(NOON_BERLIN.minus(back), Interpretation.RELATIVE));
        }
    }

    @Test
    void aDayBackIsTwentyFourHoursEvenAcrossADstChange() {
        Instant noonCest = Instant.parse("2024-03-31T10:00:00Z");
        assertThat(TimeInput.parse("-1d", BERLIN, noonCest).instant()).isEqualTo("2024-03-30T10:00:00Z");
    }

    @ParameterizedTest(name = "{0} in {1} -> {2}")
    @CsvSource({
            "2024-05-12T09:00:00Z,      Europe/Berlin,    2024-05-12T09:00:00Z",
            "2024-05-12T09:00Z,         Asia/Kolkata,     2024-05-12T09:00:00Z",
            "2024-05-12 09:00:00Z,      Europe/Berlin,    2024-05-12T09:00:00Z",
            "2024-05-12t09:00:00z,      Europe/Berlin,    2024-05-12T09:00:00Z",
            "2024-05-12T09:00:00.250Z,  Europe/Berlin,    2024-05-12T09:00:00.250Z",
            "2024-05-12T11:00+02:00,    America/New_York, 2024-05-12T09:00:00Z",
            "2024-05-12 11:00:00+02:00, UTC,              2024-05-12T09:00:00Z",
            "2024-05-12T05:00-04:00,    Europe/Berlin,    2024-05-12T09:00:00Z",
            "2024-05-12T09:00,          Europe/Berlin,    2024-05-12T07:00:00Z",
            "2024-05-12 09:00,          Europe/Berlin,    2024-05-12T07:00:00Z",
            "2024-05-12 09:00,          America/New_York, 2024-05-12T13:00:00Z",
            "2024-05-12T09:00:30,       Asia/Kolkata,     2024-05-12T03:30:30Z",
            "2024-05-12T09:00,          UTC,              2024-05-12T09:00:00Z",
            "2024-01-15 09:00,          Europe/Berlin,    2024-01-15T08:00:00Z",
            "2024-05-12T20:01:00Z,      UTC,              2024-05-12T20:01:00Z",
    })
    void anIsoDateTimeIsAbsolute(String input, String zone, Instant expected) {
        Instant now = Instant.parse("2024-05-12T20:00:00Z");
        assertThat(TimeInput.parse(input, ZoneId.of(zone), now))
                .isEqualTo(new ParsedTime(expected, Interpretation.ABSOLUTE));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "yesterday 23:50,       2024-05-11T23:50",
            "Yesterday 9am,         2024-05-11T09:00",
            "'YESTERDAY   9:30 pm', 2024-05-11T21:30",
            "yesterday 0:00,        2024-05-11T00:00",
    })
    void yesterdayAndATimeOfDay(String input, String expected) {
        assertThat(TimeInput.parse(input, BERLIN, NOON_BERLIN))
                .isEqualTo(new ParsedTime(berlin(expected), Interpretation.YESTERDAY));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
            "abc", "25:00", "24:00", "9:75", "9:30:60", "0930", "930", "9", "09", "9:3", "9:300", "123:00",
            "13 pm", "0 am", "0:30 am", "13:00 pm", "9:30 a", "9:30 a.m.", "9.30", "noon", "tomorrow 9:00",
            "today 9:00", "٩:٣٠", "-5", "-", "--5m", "-5x", "-5 mn", "-5m ago", "-1h1h", "-1h 2 hours",
            "-5m5", "-1e3s", "-100000m", "5mago", "ago", " ago", "yesterday", "yesterday abc", "yesterday 25:00",
            "yesterday -5m", "2024-02-30T10:00", "2024-05-12T9:00", "2024-05-12", "2024-05-12T25:00",
            "2024-05-12T24:00", "2024-05-12T09:00 Z", "2024-05-12T09:00[Europe/Berlin]", "2024-05-12X09:00",
            "12/05/2024 09:00", "+", "+abc", "1.5h ago", "-½h",
    })
    void anythingElseIsInvalid(String input) {
        TimeInputException refusal = refusal(input, BERLIN, NOON_BERLIN);
        assertThat(refusal).isNotNull();
        assertThat(refusal.getMessageCode()).isEqualTo("time.invalid");
        assertThat(refusal.getInput()).isEqualTo(input);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"+5m", "+1h30m", "+ 2 hours", "5m", "1h30m", "2 hours"})
    void aFutureOffsetIsRefused(String input) {
        assertThat(refusal(input, BERLIN, NOON_BERLIN).getMessageCode()).isEqualTo("time.future");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"0000-01-01T10:00", "1969-12-31T23:59:59Z", "1970-01-01T00:30", "-99999d",
            "-20000d 5h"})
    void aTimeBefore1970IsRefusedLikeTheApiDoes(String input) {
        // 1970-01-01T00:30 in Berlin is 23:30 UTC the day before: the API's rule judges the instant in UTC
        assertThat(refusal(input, BERLIN, NOON_BERLIN).getMessageCode()).isEqualTo("time.range");
        assertThat(TimeInput.parse("1970-01-01T01:00", BERLIN, NOON_BERLIN).instant())
                .isEqualTo(Instant.parse("1970-01-01T00:00:00Z"));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"2024-05-12T10:01:01Z", "2024-05-12T12:02+02:00", "2024-05-12 12:05", "2024-05-13T00:00",
            "2025-01-01T00:00:00Z"})
    void anAbsoluteTimeMoreThanAMinuteAheadIsRefused(String input) {
        assertThat(refusal(input, BERLIN, NOON_BERLIN).getMessageCode()).isEqualTo("time.future");
    }

    @Test
    void anAbsoluteTimeUpToAMinuteAheadIsForgivenAsClockSkew() {
        assertThat(TimeInput.parse("2024-05-12T10:01:00Z", BERLIN, NOON_BERLIN).instant()).isEqualTo("2024-05-12T10:01:00Z");
        assertThat(TimeInput.parse("2024-05-12 12:00:59", BERLIN, NOON_BERLIN).instant()).isEqualTo("2024-05-12T10:00:59Z");
    }

    @Test
    void inputOverSixtyFourCharactersIsRefusedEvenIfItWouldParse() {
        String sixtyFour = "-" + " ".repeat(61) + "5m";
        assertThat(sixtyFour).hasSize(64);
        assertThat(TimeInput.parse(sixtyFour, UTC, NOON_BERLIN).instant()).isEqualTo(NOON_BERLIN.minusSeconds(300));
        String sixtyFive = "-" + " ".repeat(62) + "5m";
        assertThat(refusal(sixtyFive, UTC, NOON_BERLIN).getMessageCode()).isEqualTo("time.invalid");
        assertThat(refusal("x".repeat(65), UTC, NOON_BERLIN).getMessageCode()).isEqualTo("time.invalid");
        assertThat(refusal("  " + "9".repeat(65) + "  ", UTC, NOON_BERLIN).getMessageCode()).isEqualTo("time.invalid");
    }

    @Test
    void leadingAndTrailingSpaceDoesNotCountTowardsTheLimit() {
        String padded = " ".repeat(100) + "9:30" + " ".repeat(100);
        assertThat(TimeInput.parse(padded, BERLIN, NOON_BERLIN).instant()).isEqualTo(berlin("2024-05-12T09:30"));
    }

    @Test
    void hugeInputIsRefusedQuickly() {
        String huge = "-1h".repeat(1_000_000) + "!";
        long start = System.nanoTime();
        assertThatThrownBy(() -> TimeInput.parse(huge, UTC, NOON_BERLIN)).isInstanceOf(TimeInputException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }
}
