-- Timeline events and audit entries take their ids from sequences that hand out 50 at a time, so that a batch of
-- posts and their audit entries are inserted as JDBC batches; they start a block past the ids in use: see the
-- PostgreSQL version of this migration.
CREATE SEQUENCE timeline_event_seq INCREMENT BY 50;
ALTER SEQUENCE timeline_event_seq RESTART WITH (SELECT COALESCE(MAX(id), 0) + 51 FROM timeline_event);
ALTER TABLE timeline_event ALTER COLUMN id DROP IDENTITY;
ALTER TABLE timeline_event ALTER COLUMN id SET DEFAULT NEXT VALUE FOR timeline_event_seq;

CREATE SEQUENCE audit_entry_seq INCREMENT BY 50;
ALTER SEQUENCE audit_entry_seq RESTART WITH (SELECT COALESCE(MAX(id), 0) + 51 FROM audit_entry);
ALTER TABLE audit_entry ALTER COLUMN id DROP IDENTITY;
ALTER TABLE audit_entry ALTER COLUMN id SET DEFAULT NEXT VALUE FOR audit_entry_seq;
