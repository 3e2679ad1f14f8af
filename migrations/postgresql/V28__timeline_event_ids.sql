-- Timeline events take their ids from a sequence that hands out 50 at a time (Hibernate's pooled-lo optimizer,
-- application.properties) instead of an identity column, whose ids Hibernate can only learn by inserting one row per
-- statement. So the events of a batch of posts (timeline.PostBatches) are inserted as one JDBC batch, which the
-- PostgreSQL driver sends as multi-row INSERTs (reWriteBatchedInserts): one statement, one round trip, and one run of
-- the search-words trigger (V24) for a whole batch, where each post paid about 0.6 ms for that trigger alone.
-- The sequence starts after the ids in use; the column takes its default from it, so a row inserted by hand (or by
-- the bench loader) takes a whole block of 50 and never an id an application instance holds. Ids are unique but no
-- longer in the order of insertion across instances (each holds its own block); nothing reads them as an order other
-- than to break ties between events at the same second. The audit trail keeps its identity column: its ids stay in
-- the order entries were written. The H2 version of this migration does the same in H2's words.
CREATE SEQUENCE timeline_event_seq INCREMENT BY 50;
SELECT setval('timeline_event_seq', COALESCE((SELECT MAX(id) FROM timeline_event), 0) + 1, false);
ALTER TABLE timeline_event ALTER COLUMN id DROP IDENTITY;
ALTER TABLE timeline_event ALTER COLUMN id SET DEFAULT nextval('timeline_event_seq');
ALTER SEQUENCE timeline_event_seq OWNED BY timeline_event.id;
