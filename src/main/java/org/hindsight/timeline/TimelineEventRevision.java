package org.hindsight.timeline;

import java.time.Instant;
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
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.hindsight.user.User;

/** A timeline event as it was before someone changed it: who replaced it, when. */
@Entity
@Table(name = "timeline_event_revision")
class TimelineEventRevision {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "event_id", nullable = false, updatable = false)
    private Long eventId;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    private Instant occurredAt;

    @Column(nullable = false, length = TimelineEvent.MAX_TEXT, updatable = false)
    private String text;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16, updatable = false)
    private EventKind kind;

    @Convert(converter = KeyMomentsConverter.class)
    @Column(name = "key_moments", length = 120, updatable = false)
    private Set<KeyMoment> keyMoments;

    @Column(nullable = false, updatable = false)
    private boolean deleted;

    @Column(name = "replaced_at", nullable = false, updatable = false)
    private Instant replacedAt;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "replaced_by", updatable = false)
    private User replacedBy;

    protected TimelineEventRevision() {
    }

    TimelineEventRevision(TimelineEvent before, Instant replacedAt, User replacedBy) {
        this.eventId = before.getId();
        this.occurredAt = before.getOccurredAt();
        this.text = before.getText();
        this.kind = before.getKind();
        this.keyMoments = before.getKeyMoments();
        this.deleted = before.isDeleted();
        this.replacedAt = replacedAt;
        this.replacedBy = replacedBy;
    }

    Instant getOccurredAt() {
        return occurredAt;
    }

    String getText() {
        return text;
    }

    EventKind getKind() {
        return kind;
    }

    Set<KeyMoment> getKeyMoments() {
        return keyMoments;
    }

    boolean isDeleted() {
        return deleted;
    }

    Instant getReplacedAt() {
        return replacedAt;
    }

    User getReplacedBy() {
        return replacedBy;
    }
}
