package org.hindsight.postmortem.review;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hindsight.incident.PostmortemState;

/** The review state of one incident's postmortem; created at the first request for review. */
@Entity
@Table(name = "postmortem_review")
class PostmortemReview {

    @Id
    @Column(name = "incident_id")
    private Long incidentId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private PostmortemState state;

    @Column(nullable = false)
    private int round;

    @Column(name = "requested_by_id")
    private Long requestedById;

    @Column(name = "requested_at")
    private Instant requestedAt;

    @Column(name = "published_revision")
    private Long publishedRevision;

    @Version
    private long version;

    protected PostmortemReview() {
    }

    PostmortemReview(long incidentId) {
        this.incidentId = incidentId;
        this.state = PostmortemState.DRAFT;
    }

    long getIncidentId() {
        return incidentId;
    }

    PostmortemState getState() {
        return state;
    }

    int getRound() {
        return round;
    }

    Long getRequestedById() {
        return requestedById;
    }

    Instant getRequestedAt() {
        return requestedAt;
    }

    Long getPublishedRevision() {
        return publishedRevision;
    }

    /** A new round of review: earlier verdicts no longer count. */
    void sendToReview(long by, Instant at) {
        state = PostmortemState.IN_REVIEW;
        round++;
        requestedById = by;
        requestedAt = at;
    }

    void backToDraft() {
        state = PostmortemState.DRAFT;
    }

    void published(long revision) {
        state = PostmortemState.PUBLISHED;
        publishedRevision = revision;
    }
}
