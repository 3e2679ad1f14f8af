package org.hindsight.postmortem.review;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/** The published versions; nothing updates or deletes one. */
interface PublishedVersionRepository extends JpaRepository<PublishedVersion, Long> {

    List<PublishedVersion> findByIncidentIdOrderByNumber(long incidentId);

    Optional<PublishedVersion> findByIncidentIdAndNumber(long incidentId, int number);
}
