-- The review state of each incident's postmortem, kept on the incident so that the incident list filters by it and
-- the ledger shows it (the review module writes it at each step; nothing else does). Portable SQL.
ALTER TABLE incident ADD COLUMN postmortem_state VARCHAR(16) DEFAULT 'DRAFT' NOT NULL;
ALTER TABLE incident ADD CONSTRAINT ck_incident_postmortem_state
    CHECK (postmortem_state IN ('DRAFT', 'IN_REVIEW', 'PUBLISHED'));
CREATE INDEX ix_incident_postmortem_state ON incident (postmortem_state);
