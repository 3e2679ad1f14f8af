package org.hindsight.postmortem.review;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** The reviewers of each round and their verdicts. */
interface ReviewerVerdictRepository extends JpaRepository<ReviewerVerdict, Long> {

    List<ReviewerVerdict> findByIncidentIdAndRoundOrderById(long incidentId, int round);

    Optional<ReviewerVerdict> findByIncidentIdAndRoundAndReviewerId(long incidentId, int round, long reviewerId);

    /** The incidents whose review, in its current round, waits for this reviewer's verdict. */
    @Query("select r.incidentId from PostmortemReview p, ReviewerVerdict r where r.incidentId = p.incidentId"
            + " and r.round = p.round and p.state = org.hindsight.incident.PostmortemState.IN_REVIEW"
            + " and r.reviewerId = ?1 and r.verdict is null order by p.requestedAt")
    List<Long> waitingFor(long reviewerId);
}
