-- Each published version's PDF, made once at publication and kept unchanged, so the download stays as it was
-- (a PDF made again later would differ: its ID and the running title, after the incident's title changed).
-- A table of its own keeps the versions' lists from reading the documents.
CREATE TABLE postmortem_version_pdf (
    version_id BIGINT NOT NULL,
    pdf        BYTEA  NOT NULL,
    CONSTRAINT pk_postmortem_version_pdf PRIMARY KEY (version_id),
    CONSTRAINT fk_postmortem_version_pdf_version FOREIGN KEY (version_id) REFERENCES postmortem_version (id)
        ON DELETE CASCADE
);
