-- Insights count the action items of a range's incidents, per incident: status, due date and completion time are
-- read from this index alone (an index-only scan per incident on PostgreSQL once the table is vacuumed), not from
-- the table. It replaces V2's (incident_id, status), which it covers: the open items per incident (the incident list's
-- counts) read the same prefix. Portable SQL: runs unchanged on H2 and PostgreSQL.
CREATE INDEX ix_action_item_incident_due ON action_item (incident_id, status, due_date, completed_at);
DROP INDEX ix_action_item_incident;
