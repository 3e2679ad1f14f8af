package org.hindsight.postmortem.review;

import java.util.Optional;

import org.springframework.data.repository.Repository;

/** The published versions' PDFs: saved once, read by version; nothing updates or deletes one. */
interface PublishedPdfRepository extends Repository<PublishedPdf, Long> {

    PublishedPdf save(PublishedPdf pdf);

    Optional<PublishedPdf> findById(long versionId);
}
