package org.hindsight.postmortem.review;

import org.springframework.data.jpa.repository.JpaRepository;

/** The one row of review settings. */
interface ReviewSettingsRepository extends JpaRepository<ReviewSettings, Integer> {
}
