-- H2 only (PostgreSQL has no version 31). The project runs H2 2.4.240 (pom.xml: 2.5.252 lost acknowledged commits
-- when the process was killed, system.H2CommitDurabilityProcessTest). In 2.4.240 a CHECK constraint or generated
-- column with an IN-list stays bound to the connection that created it: once the pool retires the connection that
-- ran the migrations, every insert it checks fails with "The database has been closed" (MigratedDatabaseTest).
-- Comparisons joined by OR do not help (H2 turns them into the same IN-list); a simple CASE is evaluated in the
-- session of each statement. Same meaning, same names, same index.
ALTER TABLE postmortem_review DROP CONSTRAINT ck_postmortem_review_state;
ALTER TABLE postmortem_review ADD CONSTRAINT ck_postmortem_review_state
    CHECK (CASE state WHEN 'DRAFT' THEN TRUE WHEN 'IN_REVIEW' THEN TRUE WHEN 'PUBLISHED' THEN TRUE ELSE FALSE END);

ALTER TABLE postmortem_reviewer DROP CONSTRAINT ck_postmortem_reviewer_verdict;
ALTER TABLE postmortem_reviewer ADD CONSTRAINT ck_postmortem_reviewer_verdict
    CHECK (verdict IS NULL OR CASE verdict WHEN 'APPROVE' THEN TRUE WHEN 'REQUEST_CHANGES' THEN TRUE ELSE FALSE END);

ALTER TABLE incident DROP CONSTRAINT ck_incident_postmortem_state;
ALTER TABLE incident ADD CONSTRAINT ck_incident_postmortem_state
    CHECK (CASE postmortem_state WHEN 'DRAFT' THEN TRUE WHEN 'IN_REVIEW' THEN TRUE WHEN 'PUBLISHED' THEN TRUE
        ELSE FALSE END);

DROP INDEX ix_incident_list_order;
ALTER TABLE incident DROP COLUMN list_group;
ALTER TABLE incident ADD COLUMN list_group SMALLINT
    GENERATED ALWAYS AS (CASE status WHEN 'INVESTIGATING' THEN 0 WHEN 'IDENTIFIED' THEN 0 WHEN 'MONITORING' THEN 0
        ELSE 1 END);
CREATE INDEX ix_incident_list_order ON incident (list_group, started_at DESC, id DESC);
