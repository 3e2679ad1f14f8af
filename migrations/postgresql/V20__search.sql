-- Search (README "Search"): the words of every incident, timeline event and action item as a tsvector that
-- PostgreSQL computes itself (stored generated columns), so the index is current in the very transaction that
-- changes the text, whichever code or import wrote it; GIN indexes answer websearch_to_tsquery.
--
-- Configuration 'english': words are lower-cased and stemmed ("errors" finds "error"); English stop words ("the",
-- "of") are left out. Weights rank the incident's own text: title A, root cause B, impact, resolution, contributing
-- factors, lessons and notes C; an action item's title A, its details B.
--
-- Per incident, the words of all its live timeline events and of all its action items (incident_search_words, kept by
-- triggers in the changing transaction): which incidents have an event or an action item with a word is a look-up
-- in one row per incident instead of a visit to every matching event among a million. Only for queries of single
-- words: two words, a phrase or a word left out must hold in one record, and the search then reads the events and
-- items through their own indexes (search/PostgresTextSearch). Numbers are not kept there (an event's "#4711" or
-- "10:42" would change the row at nearly every new event); a search for a number reads the events too.
--
-- Adding a stored generated column rewrites its table once, here, and the words per incident are gathered once: on
-- the benchmark's large data set (1,000,000 timeline events) the migration takes a few minutes and needs about the
-- tables' size again in free disk space.

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

CREATE TABLE incident_search_words (
    incident_id  BIGINT   NOT NULL,
    event_words  tsvector NOT NULL,
    action_words tsvector NOT NULL,
    CONSTRAINT pk_incident_search_words PRIMARY KEY (incident_id),
    CONSTRAINT fk_incident_search_words_incident FOREIGN KEY (incident_id) REFERENCES incident (id) ON DELETE CASCADE
);

CREATE INDEX ix_incident_search_words_events ON incident_search_words USING gin (event_words);
CREATE INDEX ix_incident_search_words_actions ON incident_search_words USING gin (action_words);

-- The words kept per incident: the lexemes that are not numbers.
CREATE FUNCTION search_kept_words(words tsvector) RETURNS text[] AS $$
    SELECT coalesce(array_agg(w), '{}') FROM unnest(tsvector_to_array(words)) AS w WHERE w !~ '^[0-9]+$'
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;

-- The words of an incident's live events, and of its action items, gathered afresh (after an edit or a deletion).
CREATE FUNCTION search_event_words(of_incident BIGINT) RETURNS tsvector AS $$
    SELECT coalesce(array_to_tsvector(array_agg(DISTINCT w)), '')
    FROM timeline_event e, unnest(search_kept_words(e.search_vector)) AS w
    WHERE e.incident_id = of_incident AND e.search_vector IS NOT NULL
$$ LANGUAGE sql STABLE;

CREATE FUNCTION search_action_words(of_incident BIGINT) RETURNS tsvector AS $$
    SELECT coalesce(array_to_tsvector(array_agg(DISTINCT w)), '')
    FROM action_item a, unnest(search_kept_words(a.search_vector)) AS w
    WHERE a.incident_id = of_incident
$$ LANGUAGE sql STABLE;

-- A new event or item adds the words the incident did not have yet (most add none: nothing is written); an edit, a
-- deletion or a restore gathers the incident's words again. Both take the row's lock first, so that each waits for
-- the other (and its next statement sees what it wrote).
CREATE FUNCTION search_words_changed() RETURNS trigger AS $$
DECLARE
    of_incident BIGINT := CASE WHEN TG_OP = 'DELETE' THEN OLD.incident_id ELSE NEW.incident_id END;
    of_events BOOLEAN := TG_TABLE_NAME = 'timeline_event';
    added TEXT[];
    kept tsvector;
BEGIN
    IF TG_OP = 'INSERT' THEN
        added := search_kept_words(NEW.search_vector);
        IF cardinality(added) = 0 THEN
            RETURN NULL;
        END IF;
        SELECT CASE WHEN of_events THEN event_words ELSE action_words END INTO kept
        FROM incident_search_words WHERE incident_id = of_incident FOR UPDATE;
        IF NOT FOUND THEN
            INSERT INTO incident_search_words AS w (incident_id, event_words, action_words)
            VALUES (of_incident, CASE WHEN of_events THEN array_to_tsvector(added) ELSE '' END,
                    CASE WHEN of_events THEN '' ELSE array_to_tsvector(added) END)
            ON CONFLICT (incident_id) DO UPDATE
                SET event_words = w.event_words || excluded.event_words,
                    action_words = w.action_words || excluded.action_words;
        ELSIF NOT added <@ tsvector_to_array(kept) THEN
            IF of_events THEN
                UPDATE incident_search_words SET event_words = event_words || array_to_tsvector(added)
                WHERE incident_id = of_incident;
            ELSE
                UPDATE incident_search_words SET action_words = action_words || array_to_tsvector(added)
                WHERE incident_id = of_incident;
            END IF;
        END IF;
    ELSIF TG_OP = 'DELETE' OR NEW.search_vector IS DISTINCT FROM OLD.search_vector THEN
        PERFORM 1 FROM incident_search_words WHERE incident_id = of_incident FOR UPDATE;
        IF of_events THEN
            UPDATE incident_search_words SET event_words = search_event_words(of_incident)
            WHERE incident_id = of_incident;
        ELSE
            UPDATE incident_search_words SET action_words = search_action_words(of_incident)
            WHERE incident_id = of_incident;
        END IF;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER timeline_event_search_words AFTER INSERT OR UPDATE OR DELETE ON timeline_event
    FOR EACH ROW EXECUTE FUNCTION search_words_changed();
CREATE TRIGGER action_item_search_words AFTER INSERT OR UPDATE OR DELETE ON action_item
    FOR EACH ROW EXECUTE FUNCTION search_words_changed();

-- the words of what is there already
INSERT INTO incident_search_words (incident_id, event_words, action_words)
SELECT i.id, search_event_words(i.id), search_action_words(i.id) FROM incident i
WHERE EXISTS (SELECT 1 FROM timeline_event e WHERE e.incident_id = i.id AND e.search_vector IS NOT NULL)
   OR EXISTS (SELECT 1 FROM action_item a WHERE a.incident_id = i.id);
