-- The incident list's order read from an index (see migrations/postgresql/V27__incident_list_order.sql): H2 writes
-- a generated column without PostgreSQL's STORED keyword.
ALTER TABLE incident ADD COLUMN list_group SMALLINT
    GENERATED ALWAYS AS (CASE WHEN status IN ('INVESTIGATING', 'IDENTIFIED', 'MONITORING') THEN 0 ELSE 1 END);
CREATE INDEX ix_incident_list_order ON incident (list_group, started_at DESC, id DESC);
