package org.hindsight.postmortem.review;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/** The published versions; nothing updates or deletes one. */
interface PublishedVersionRepository extends JpaRepository<PublishedVersion, Long> {

    List<PublishedVersion> findByIncidentIdOrderByNumber(long incidentId);

    Optional<PublishedVersion> findByIncidentIdAndNumber(long incidentId, int number);

    @org.springframework.data.jpa.repository.Query(
            "select max(v.number) from PublishedVersion v where v.incidentId = ?1")
    Integer latestNumber(long incidentId);

    /** The versions without their Markdown, for lists. */
    @org.springframework.data.jpa.repository.Query("select new org.hindsight.postmortem.review"
            + ".PublishedVersionRepository$Listed(v.number, v.publishedAt, v.publishedById, v.template)"
            + " from PublishedVersion v where v.incidentId = ?1 order by v.number")
    List<Listed> listed(long incidentId);

    record Listed(int number, java.time.Instant publishedAt, long publishedById, String template) {
    }
}
