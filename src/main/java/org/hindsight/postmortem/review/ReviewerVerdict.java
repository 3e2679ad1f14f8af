package org.hindsight.postmortem.review;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A reviewer asked in one round, and their verdict once given. */
@Entity
@Table(name = "postmortem_reviewer")
class ReviewerVerdict {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "incident_id", nullable = false)
    private long incidentId;

    @Column(nullable = false)
    private int round;

    @Column(name = "reviewer_id", nullable = false)
    private long reviewerId;

    @Enumerated(EnumType.STRING)
    @Column(length = 16)
    private Verdict verdict;

    @Column(length = 4000)
    private String comment;

    @Column(name = "decided_at")
    private Instant decidedAt;

    protected ReviewerVerdict() {
    }

    ReviewerVerdict(long incidentId, int round, long reviewerId) {
        this.incidentId = incidentId;
        this.round = round;
        this.reviewerId = reviewerId;
    }

    long getReviewerId() {
        return reviewerId;
    }

    int getRound() {
        return round;
    }

    Verdict getVerdict() {
        return verdict;
    }

    String getComment() {
        return comment;
    }

    Instant getDecidedAt() {
        return decidedAt;
    }

    void decide(Verdict verdict, String comment, Instant at) {
        this.verdict = verdict;
        this.comment = comment;
        this.decidedAt = at;
    }
}
