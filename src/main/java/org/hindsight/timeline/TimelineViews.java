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
     * flags an event earlier than the incident's start; {@code mayEdit} says whether this viewer may change it.
     */
    public record TimelineRow(long id, Instant at, String author, String authorUsername, String text,
            String textHtml, EventKind kind, Set<KeyMoment> keyMoments, boolean deleted, boolean edited,
            boolean beforeStart, boolean mayEdit, long version) {

        public boolean isDeadEnd() {
            return kind == EventKind.DEAD_END;
        }
    }

    /** A whole timeline and the revision it reflects. */
    public record Timeline(List<TimelineRow> rows, long revision) {
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
