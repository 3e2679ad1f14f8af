-- Search (README "Search"): the words of every incident, timeline event and action item as a tsvector that
-- PostgreSQL computes itself (stored generated columns), so the index is current in the very transaction that
-- changes the text, whichever code or import wrote it; GIN indexes answer websearch_to_tsquery.
--
-- Configuration 'english': words are lower-cased and stemmed ("errors" finds "error"); English stop words ("the",
-- "of") are left out. Weights rank the incident's own text: title A, root cause B, impact, resolution, contributing
-- factors, lessons and notes C; an action item's title A, its details B.
--
-- Adding a stored generated column rewrites its table once, here: on the benchmark's large data set (1,000,000
-- timeline events) the migration takes a while and needs about the table's size again in free disk space.

-- The text as the search reads it: the punctuation that PostgreSQL's parser joins words with (host names, paths,
-- URLs, e-mail addresses, versions, hyphenated words) or takes for markup ("<nil>", "<b>bold</b>") is a space, so
-- that every word is found on its own ("db-01" in "db-01.prod.example.com"), as on H2. The search's snippets read
-- the text the same way (search/PostgresTextSearch).
CREATE FUNCTION search_words(body text) RETURNS tsvector AS $$
    SELECT to_tsvector('english'::regconfig,
        translate(coalesce(body, ''), '-./:@<>&_+~%?=#' || chr(92), '                '))
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;

ALTER TABLE incident ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(search_words(title), 'A')
    || setweight(search_words(coalesce(root_cause_summary, '') || E'\n' || coalesce(root_cause, '')), 'B')
    || setweight(search_words(coalesce(impact, '') || E'\n' || coalesce(resolution, '') || E'\n'
        || coalesce(contributing_factors, '') || E'\n' || coalesce(lessons, '') || E'\n' || coalesce(notes, '')), 'C')
    ) STORED;

CREATE INDEX ix_incident_search ON incident USING gin (search_vector);

-- Deleted events and the rows written when the status moved ("Status changed: ...") have no words: never found.
ALTER TABLE timeline_event ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    CASE WHEN deleted OR status_change THEN NULL ELSE search_words(text) END) STORED;

CREATE INDEX ix_timeline_event_search ON timeline_event USING gin (search_vector);

ALTER TABLE action_item ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(search_words(title), 'A') || setweight(search_words(details), 'B')) STORED;

CREATE INDEX ix_action_item_search ON action_item USING gin (search_vector);
