package org.hindsight.postmortem.review;

import org.springframework.data.jpa.repository.JpaRepository;

/** The review state of each incident's postmortem, written only by {@link PostmortemReviews}. */
interface PostmortemReviewRepository extends JpaRepository<PostmortemReview, Long> {
}
