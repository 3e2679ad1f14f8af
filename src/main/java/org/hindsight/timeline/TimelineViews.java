package org.hindsight.timeline;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.hindsight.incident.IncidentCommands.KeyMomentOutcome;

/** Read models of the timeline, built inside the transaction and safe to render after it. */
public final class TimelineViews {

    private TimelineViews() {
    }

    /**
     * One timeline event as a viewer sees it: {@code textHtml} is the sanitised Markdown; {@code beforeStart}
     * flags an event earlier than the incident's start; {@code mayEdit} and {@code mayDelete} say whether this
     * viewer may change it, and delete or restore it; {@code statusChange} marks the row the application wrote when
     * the incident's status moved (a postmortem shows those only in its full history).
     */
    public record TimelineRow(long id, Instant at, String author, String authorUsername, String text,
            String textHtml, EventKind kind, Set<KeyMoment> keyMoments, boolean deleted, boolean edited,
            boolean beforeStart, boolean mayEdit, boolean mayDelete, long version, boolean statusChange,
            Instant createdAt) {

        /** This row with its text rendered (rows for the API and the exports carry none). */
        public TimelineRow withTextHtml(String html) {
            return new TimelineRow(id, at, author, authorUsername, text, html, kind, keyMoments, deleted, edited,
                    beforeStart, mayEdit, mayDelete, version, statusChange, createdAt);
        }

        public boolean isDeadEnd() {
            return kind == EventKind.DEAD_END;
        }

        /**
         * When the event was logged, in microseconds since the epoch (the precision stored): the page orders rows at
         * the same second by it, as the database does (a number a script compares exactly: below 2^53).
         */
        public long loggedMicros() {
            return createdAt.getEpochSecond() * 1_000_000L + createdAt.getNano() / 1_000;
        }
    }

    /**
     * A timeline (or a window of it) and the revision it reflects; {@code earlier}: how many events precede
     * the first row and are not shown.
     */
    public record Timeline(List<TimelineRow> rows, long revision, long earlier) {

        /** The first row's id: where the next page of earlier events ends. */
        public Long firstId() {
            return rows.isEmpty() ? null : rows.get(0).id();
        }
    }

    /** What changed after a revision a live view had seen; empty rows when only the summary changed. */
    public record Changes(List<TimelineRow> rows, long revision) {
    }

    /** The result of logging an event. */
    public record Posted(TimelineRow event, KeyMomentOutcome keyMoments, long revision) {
    }

    /** An earlier state of an event, newest first. */
    public record HistoryEntry(Instant at, String text, EventKind kind, Set<KeyMoment> keyMoments, boolean deleted,
            Instant replacedAt, String replacedBy) {
    }
}
