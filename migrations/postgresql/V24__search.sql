-- Search (README "Search"): the words of every incident, timeline event and action item as a tsvector that
-- PostgreSQL computes itself (stored generated columns), so the index is current in the very transaction that
-- changes the text, whichever code or import wrote it; GIN indexes answer websearch_to_tsquery.
--
-- Configuration 'english': words are lower-cased and stemmed ("errors" finds "error"); English stop words ("the",
-- "of") are left out. Weights rank the incident's own text: title A, root cause B, impact, resolution, contributing
-- factors, lessons and notes C; an action item's title A, its details B.
--
-- Per incident, the words of all its live timeline events and of all its action items (incident_search_words, kept by
-- statement triggers in the changing transaction): which incidents have an event or an action item with a word is a look-up
-- in one row per incident instead of a visit to every matching event among a million. Only for queries of single
-- words: two words, a phrase or a word left out must hold in one record, and the search then reads the events and
-- items through their own indexes (search/PostgresTextSearch). Numbers are not kept there (an event's "#4711" or
-- "10:42" would change the row at nearly every new event); a search for a number reads the events too.
--
-- Adding a stored generated column rewrites its table once, here, and the words per incident are gathered once: on
-- the benchmark's large data set (1,000,000 timeline events) the migration took 54 s and needs about the tables'
-- size again in free disk space while it runs.

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

-- A statement that inserts events or items adds the words their incidents did not have yet, one write per incident
-- (a bulk load or an import of thousands of events writes each incident's row once; most single events bring no new
-- word and write nothing); one that changes or deletes some gathers their incidents' words again. Each takes the
-- rows' locks first, so that they wait for each other and then see what the other wrote.
CREATE FUNCTION search_words_inserted() RETURNS trigger AS $$
DECLARE
    of_events BOOLEAN := TG_TABLE_NAME = 'timeline_event';
BEGIN
    INSERT INTO incident_search_words AS w (incident_id, event_words, action_words)
    SELECT n.incident_id, CASE WHEN of_events THEN array_to_tsvector(array_agg(DISTINCT k)) ELSE '' END,
           CASE WHEN of_events THEN '' ELSE array_to_tsvector(array_agg(DISTINCT k)) END
    FROM new_rows n, unnest(search_kept_words(n.search_vector)) AS k
    GROUP BY n.incident_id
    ORDER BY n.incident_id
    ON CONFLICT (incident_id) DO UPDATE
        SET event_words = w.event_words || excluded.event_words,
            action_words = w.action_words || excluded.action_words
        WHERE NOT (tsvector_to_array(excluded.event_words) <@ tsvector_to_array(w.event_words)
            AND tsvector_to_array(excluded.action_words) <@ tsvector_to_array(w.action_words));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION search_words_changed() RETURNS trigger AS $$
DECLARE
    of_events BOOLEAN := TG_TABLE_NAME = 'timeline_event';
    changed BIGINT[];
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT o.incident_id) INTO changed FROM old_rows o;
    ELSE
        SELECT array_agg(DISTINCT n.incident_id) INTO changed
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.search_vector IS DISTINCT FROM o.search_vector;
    END IF;
    IF changed IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM 1 FROM incident_search_words WHERE incident_id = ANY (changed) ORDER BY incident_id FOR UPDATE;
    INSERT INTO incident_search_words AS w (incident_id, event_words, action_words)
    SELECT c, CASE WHEN of_events THEN search_event_words(c) ELSE '' END,
           CASE WHEN of_events THEN '' ELSE search_action_words(c) END
    FROM unnest(changed) AS c
    WHERE EXISTS (SELECT 1 FROM incident i WHERE i.id = c)
    ORDER BY c
    ON CONFLICT (incident_id) DO UPDATE
        SET event_words = CASE WHEN of_events THEN excluded.event_words ELSE w.event_words END,
            action_words = CASE WHEN of_events THEN w.action_words ELSE excluded.action_words END;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER timeline_event_search_words_inserted AFTER INSERT ON timeline_event
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_words_inserted();
CREATE TRIGGER timeline_event_search_words_updated AFTER UPDATE ON timeline_event
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_words_changed();
CREATE TRIGGER timeline_event_search_words_deleted AFTER DELETE ON timeline_event
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_words_changed();
CREATE TRIGGER action_item_search_words_inserted AFTER INSERT ON action_item
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_words_inserted();
CREATE TRIGGER action_item_search_words_updated AFTER UPDATE ON action_item
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_words_changed();
CREATE TRIGGER action_item_search_words_deleted AFTER DELETE ON action_item
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_words_changed();

-- the words of what is there already
INSERT INTO incident_search_words (incident_id, event_words, action_words)
SELECT i.id, search_event_words(i.id), search_action_words(i.id) FROM incident i
WHERE EXISTS (SELECT 1 FROM timeline_event e WHERE e.incident_id = i.id AND e.search_vector IS NOT NULL)
   OR EXISTS (SELECT 1 FROM action_item a WHERE a.incident_id = i.id);
