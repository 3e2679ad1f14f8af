package org.hindsight.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The main field's one-line grammar: a leading time, markers at either end, the rest kept as written. */
class EntryLineTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            -5m rollback started                 | -5m                | rollback started
            -1h30m paged the DB team             | -1h30m             | paged the DB team
            -2 hours first customer ticket       | -2 hours           | first customer ticket
            09:30 deploy went out                | 09:30              | deploy went out
            9:30 PM traffic back                 | 9:30 PM            | traffic back
            9pm traffic back                     | 9pm                | traffic back
            yesterday 23:50 cert expired         | yesterday 23:50    | cert expired
            2024-05-12T09:30Z LB config pushed   | 2024-05-12T09:30Z  | LB config pushed
            2024-05-12 09:30:15+02:00 pushed     | 2024-05-12 09:30:15+02:00 | pushed
            """)
    void aLeadingTimeIsReadAndTakenOutOfTheText(String line, String time, String text) {
        EntryLine.Reading reading = EntryLine.read(line, true);
        assertThat(reading.time()).isEqualTo(time);
        assertThat(reading.text()).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            - 5 min outage on the list           | Markdown list item, not a time
            2 servers down                        | a bare number is no time
            5m users affected                     | no sign: not a time
            rollback at -5m                       | a time is read only at the start
            12:30pm-ish the graphs dipped         | a time must end at a space
            """)
    void textThatOnlyLooksLikeATimeIsKept(String line, String why) {
        EntryLine.Reading reading = EntryLine.read(line, true);
        assertThat(reading.time()).as(why).isNull();
        assertThat(reading.text()).isEqualTo(line);
    }

    @Test
    void aTimeAloneLeavesNoText() {
        EntryLine.Reading reading = EntryLine.read("-5minutes", true);
        assertThat(reading.time()).isEqualTo("-5minutes");
        assertThat(reading.text()).isEmpty();
    }

    @Test
    void withTheFormsWhenUsedALeadingTimeStaysText() {
        EntryLine.Reading reading = EntryLine.read("09:30 standup moved", false);
        assertThat(reading.time()).isNull();
        assertThat(reading.text()).isEqualTo("09:30 standup moved");
    }

    @Test
    void markersAtTheStartOrEndSetKindAndKeyMoments() {
        EntryLine.Reading reading = EntryLine.read("-5m /dead restarted the cache, no change", true);
        assertThat(reading.kinds()).containsExactly(EventKind.DEAD_END);
        assertThat(reading.text()).isEqualTo("restarted the cache, no change");

        reading = EntryLine.read("rolled back the LB config !mitigated", true);
        assertThat(reading.moments()).containsExactly(KeyMoment.MITIGATED);
        assertThat(reading.kinds()).isEmpty();
        assertThat(reading.text()).isEqualTo("rolled back the LB config");

        reading = EntryLine.read("!START !Detected /Alert 5xx rate above 20% /alert", true);
        assertThat(reading.moments()).isEqualTo(Set.of(KeyMoment.START, KeyMoment.IMPACT_DETECTED));
        assertThat(reading.kinds()).containsExactly(EventKind.ALERT, EventKind.ALERT);
        assertThat(reading.text()).isEqualTo("5xx rate above 20%");
    }

    @Test
    void markersInTheMiddleAndUnknownWordsAreText() {
        EntryLine.Reading reading = EntryLine.read("!!! checked /etc/hosts and /dead letters queue !important", true);
        assertThat(reading.hasMarkers()).isFalse();
        assertThat(reading.text()).isEqualTo("!!! checked /etc/hosts and /dead letters queue !important");
    }

    @Test
    void theTextKeepsItsOwnSpacingAndLineBreaks() {
        EntryLine.Reading reading = EntryLine.read("/decision fail over:\n  - region B\n  - keep A read-only !cause", true);
        assertThat(reading.text()).isEqualTo("fail over:\n  - region B\n  - keep A read-only");
        assertThat(reading.kinds()).containsExactly(EventKind.DECISION);
        assertThat(reading.moments()).containsExactly(KeyMoment.CAUSE_IDENTIFIED);
    }

    @Test
    void twoKindsAreBothReportedAndMarkersAloneLeaveNoText() {
        assertThat(EntryLine.read("/dead /alert something", true).kinds())
                .isEqualTo(List.of(EventKind.DEAD_END, EventKind.ALERT));
        EntryLine.Reading onlyMarkers = EntryLine.read("-5m /dead !mitigated", true);
        assertThat(onlyMarkers.text()).isEmpty();
        assertThat(onlyMarkers.time()).isEqualTo("-5m");
    }

    @Test
    void everyKindAndKeyMomentHasAMarkerThatReadsBackToIt() {
        for (EventKind kind : EventKind.values()) {
            assertThat(EntryLine.read(EntryLine.markerOf(kind) + " x", true).kinds()).containsExactly(kind);
        }
        for (KeyMoment moment : KeyMoment.values()) {
            assertThat(EntryLine.read("x " + EntryLine.markerOf(moment), true).moments()).containsExactly(moment);
        }
    }
}
