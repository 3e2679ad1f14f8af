-- Timeline events and audit entries take their ids from sequences that hand out 50 at a time (Hibernate's pooled-lo
-- optimizer, application.properties) instead of identity columns, whose ids Hibernate can only learn by inserting one
-- row per statement. So the events of a batch of posts (timeline.PostBatches) and their audit entries are inserted as
-- JDBC batches, which the PostgreSQL driver sends as multi-row INSERTs (reWriteBatchedInserts): for a whole batch one
-- round trip each, and one run of the search-words trigger (V24), where each post paid about 0.6 ms for that trigger.
-- The sequences start a block past the ids in use (so that neither Hibernate's pooled-lo nor its plain pooled optimizer
-- can hand out an id in use), read under a lock that waits for inserts still in flight (an older instance during a
-- rolling deploy). The columns take their default from them, so a row inserted by hand (or by the bench loader) takes
-- a whole block of 50 and never an id an application instance holds.
-- Ids stay unique, but each instance holds a block of its own, so ids are not in the order rows were written across
-- instances (nor were they in commit order before). Nothing reads them as an order except to break ties: events at
-- the same second, audit entries at the same instant. The H2 version of this migration does the same in H2's words.
LOCK TABLE timeline_event, audit_entry IN SHARE ROW EXCLUSIVE MODE;

CREATE SEQUENCE timeline_event_seq INCREMENT BY 50;
SELECT setval('timeline_event_seq', COALESCE((SELECT MAX(id) FROM timeline_event), 0) + 51, false);
ALTER TABLE timeline_event ALTER COLUMN id DROP IDENTITY;
ALTER TABLE timeline_event ALTER COLUMN id SET DEFAULT nextval('timeline_event_seq');
ALTER SEQUENCE timeline_event_seq OWNED BY timeline_event.id;

CREATE SEQUENCE audit_entry_seq INCREMENT BY 50;
SELECT setval('audit_entry_seq', COALESCE((SELECT MAX(id) FROM audit_entry), 0) + 51, false);
ALTER TABLE audit_entry ALTER COLUMN id DROP IDENTITY;
ALTER TABLE audit_entry ALTER COLUMN id SET DEFAULT nextval('audit_entry_seq');
ALTER SEQUENCE audit_entry_seq OWNED BY audit_entry.id;
