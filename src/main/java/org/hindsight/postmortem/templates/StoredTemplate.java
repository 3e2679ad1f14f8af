package org.hindsight.postmortem.templates;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A postmortem template a team wrote: Mustache over the postmortem view. */
@Entity
@Table(name = "postmortem_template")
class StoredTemplate {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(nullable = false, length = 50000)
    private String body;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "updated_by", length = 64)
    private String updatedBy;

    @Version
    private long version;

    protected StoredTemplate() {
    }

    StoredTemplate(String name, String body, String by, Instant now) {
        this.name = name;
        this.body = body;
        this.updatedBy = by;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void change(String name, String body, String by, Instant now) {
        this.name = name;
        this.body = body;
        this.updatedBy = by;
        this.updatedAt = now;
    }

    Long getId() {
        return id;
    }

    String getName() {
        return name;
    }

    String getBody() {
        return body;
    }

    Instant getUpdatedAt() {
        return updatedAt;
    }

    String getUpdatedBy() {
        return updatedBy;
    }

    long getVersion() {
        return version;
    }
}
