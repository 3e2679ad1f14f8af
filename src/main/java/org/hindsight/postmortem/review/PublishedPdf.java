package org.hindsight.postmortem.review;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.springframework.data.domain.Persistable;

/** A published version's PDF, made at publication and never changed: its download stays as it was. */
@Entity
@Immutable
@Table(name = "postmortem_version_pdf")
class PublishedPdf implements Persistable<Long> {

    @Id
    @Column(name = "version_id")
    private Long versionId;

    /** varbinary on H2, bytea on PostgreSQL (not a large object: read and written whole, with the row) */
    @JdbcTypeCode(SqlTypes.VARBINARY)
    @Column(nullable = false, updatable = false)
    private byte[] pdf;

    protected PublishedPdf() {
    }

    PublishedPdf(long versionId, byte[] pdf) {
        this.versionId = versionId;
        this.pdf = pdf.clone();
    }

    @Override
    public Long getId() {
        return versionId;
    }

    /** Always new: a version's PDF is written once (so saving inserts without reading first). */
    @Override
    public boolean isNew() {
        return true;
    }

    byte[] getPdf() {
        return pdf.clone();
    }
}
