-- The ledger's default view asks for open items (status IN ('OPEN', 'IN_PROGRESS')) soonest due first, ties by
-- id. (status, due_date, id) from V5 serves one status at a time, so for two statuses PostgreSQL read every open
-- item and sorted them (200,000 items: a full scan and a top-N sort per page). Walking (due_date, id) in order
-- and skipping the items that are not open stops after the first page. Portable SQL: H2 and PostgreSQL.
CREATE INDEX ix_action_item_due_id ON action_item (due_date, id);
