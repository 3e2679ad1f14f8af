-- Timeline events take their ids from a sequence that hands out 50 at a time, so that the events of a batch of posts
-- are inserted as one JDBC batch: see the PostgreSQL version of this migration.
CREATE SEQUENCE timeline_event_seq INCREMENT BY 50;
ALTER SEQUENCE timeline_event_seq RESTART WITH (SELECT COALESCE(MAX(id), 0) + 1 FROM timeline_event);
ALTER TABLE timeline_event ALTER COLUMN id DROP IDENTITY;
ALTER TABLE timeline_event ALTER COLUMN id SET DEFAULT NEXT VALUE FOR timeline_event_seq;
