package org.hindsight.postmortem.review;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A published postmortem: its Markdown as it was at publication, never changed afterwards. */
@Entity
@Table(name = "postmortem_version")
class PublishedVersion {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "incident_id", nullable = false, updatable = false)
    private long incidentId;

    @Column(nullable = false, updatable = false)
    private int number;

    @Column(nullable = false, length = 64, updatable = false)
    private String template;

    @Column(nullable = false, length = 1_000_000, updatable = false)
    private String markdown;

    @Column(name = "published_at", nullable = false, updatable = false)
    private Instant publishedAt;

    @Column(name = "published_by_id", nullable = false, updatable = false)
    private long publishedById;

    protected PublishedVersion() {
    }

    PublishedVersion(long incidentId, int number, String template, String markdown, Instant publishedAt,
            long publishedById) {
        this.incidentId = incidentId;
        this.number = number;
        this.template = template;
        this.markdown = markdown;
        this.publishedAt = publishedAt;
        this.publishedById = publishedById;
    }

    Long getId() {
        return id;
    }

    int getNumber() {
        return number;
    }

    String getTemplate() {
        return template;
    }

    String getMarkdown() {
        return markdown;
    }

    Instant getPublishedAt() {
        return publishedAt;
    }

    long getPublishedById() {
        return publishedById;
    }
}
