-- Search (README "Search"). PostgreSQL keeps a tsvector per incident, timeline event and action item with GIN
-- indexes (migrations/postgresql/V24__search.sql). H2 has no such index: its search (search/H2TextSearch) reads
-- the text columns themselves, matching whole words without regard to case. Nothing to change in the schema; this
-- file keeps both databases at the same version.
SELECT 1;
