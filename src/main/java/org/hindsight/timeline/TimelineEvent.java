package org.hindsight.timeline;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hindsight.user.User;

/** One entry on an incident's timeline. Edits keep the previous state as a {@link TimelineEventRevision}. */
@Entity
@Table(name = "timeline_event")
class TimelineEvent {

    static final int MAX_TEXT = 4000;

    /** From a sequence, 50 at a time (migration V28): the events of a batch of posts are inserted in one statement. */
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "timeline_event_ids")
    @SequenceGenerator(name = "timeline_event_ids", sequenceName = "timeline_event_seq", allocationSize = 50)
    private Long id;

    @Column(name = "incident_id", nullable = false, updatable = false)
    private Long incidentId;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "author_id", updatable = false)
    private User author;

    @Column(nullable = false, length = MAX_TEXT)
    private String text;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private EventKind kind;

    @Convert(converter = KeyMomentsConverter.class)
    @Column(name = "key_moments", length = 120)
    private Set<KeyMoment> keyMoments = EnumSet.noneOf(KeyMoment.class);

    @Column(nullable = false)
    private boolean deleted;

    /** Written by the application when the incident's status moved: a system row, not something people did. */
    @Column(name = "status_change", nullable = false, updatable = false)
    private boolean statusChange;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private long revision;

    @Version
    private long version;

    protected TimelineEvent() {
    }

    TimelineEvent(Long incidentId, Instant occurredAt, User author, String text, EventKind kind,
            Set<KeyMoment> keyMoments, Instant createdAt, long revision) {
        this.incidentId = incidentId;
        this.occurredAt = occurredAt;
        this.author = author;
        this.text = text;
        this.kind = kind;
        this.keyMoments = keyMoments.isEmpty() ? EnumSet.noneOf(KeyMoment.class) : EnumSet.copyOf(keyMoments);
        // as stored (microseconds): the same instant orders the event whether it was just written or read back
        this.createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
        this.revision = revision;
    }

    Long getId() {
        return id;
    }

    Long getIncidentId() {
        return incidentId;
    }

    Instant getOccurredAt() {
        return occurredAt;
    }

    User getAuthor() {
        return author;
    }

    String getText() {
        return text;
    }

    EventKind getKind() {
        return kind;
    }

    Set<KeyMoment> getKeyMoments() {
        return keyMoments.isEmpty() ? EnumSet.noneOf(KeyMoment.class) : EnumSet.copyOf(keyMoments);
    }

    boolean isDeleted() {
        return deleted;
    }

    boolean isStatusChange() {
        return statusChange;
    }

    /** Marks this new event as the record of a status move (before it is first saved). */
    TimelineEvent asStatusChange() {
        this.statusChange = true;
        return this;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    long getRevision() {
        return revision;
    }

    long getVersion() {
        return version;
    }

    /** Changes the event; {@code revision} is the incident's revision for this change. */
    void change(Instant occurredAt, String text, EventKind kind, Set<KeyMoment> keyMoments, long revision) {
        this.occurredAt = occurredAt;
        this.text = text;
        this.kind = kind;
        this.keyMoments = keyMoments.isEmpty() ? EnumSet.noneOf(KeyMoment.class) : EnumSet.copyOf(keyMoments);
        this.revision = revision;
    }

    void setDeleted(boolean deleted, long revision) {
        this.deleted = deleted;
        this.revision = revision;
    }
}
