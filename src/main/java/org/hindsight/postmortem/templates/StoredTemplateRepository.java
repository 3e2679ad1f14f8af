package org.hindsight.postmortem.templates;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface StoredTemplateRepository extends JpaRepository<StoredTemplate, Long> {

    /** Names and ids only, sorted by name: the template list and the export picker. */
    @Query("select new org.hindsight.postmortem.templates.StoredTemplateService$Summary(t.id, t.name, t.updatedAt, t.updatedBy)"
            + " from StoredTemplate t order by lower(t.name), t.id")
    List<StoredTemplateService.Summary> summaries();

    Optional<StoredTemplate> findByNameIgnoreCase(String name);
}
