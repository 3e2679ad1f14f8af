package org.hindsight.timeline;

import java.time.LocalDateTime;
import java.util.Set;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;

/** Timeline forms. */
final class TimelineForms {

    private TimelineForms() {
    }

    /**
     * The one-line entry on the incident page. {@code at} is typed freely (empty, {@code 09:30}, {@code -5m},
     * ISO-8601) and read by {@link TimeInput}; {@code replaceSummaryTimes} confirms changing set summary times.
     */
    record Entry(
            @NotBlank @Size(max = TimelineEvent.MAX_TEXT) String text,
            @Size(max = 64) String at,
            EventKind kind,
            KeyMoment keyMoment,
            Boolean replaceSummaryTimes) {

        static Entry empty() {
            return new Entry("", "", EventKind.NOTE, null, false);
        }

        Set<KeyMoment> keyMoments() {
            return keyMoment == null ? Set.of() : Set.of(keyMoment);
        }
    }

    /** Editing an event on its own page. */
    record Edit(
            @NotBlank @Size(max = TimelineEvent.MAX_TEXT) String text,
            @NotNull @DateTimeFormat(iso = ISO.DATE_TIME) LocalDateTime at,
            @NotNull EventKind kind,
            Set<KeyMoment> keyMoments,
            long version) {
    }
}
