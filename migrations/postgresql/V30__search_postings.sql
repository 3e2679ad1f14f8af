-- Search postings (README "Search"): for every word an incident holds, in its own text, an action item or a live
-- timeline event (numbers left out, as in incident_search_words), the incident's score for a search of that word
-- alone, exactly as search/PostgresTextSearch ranks it: ts_rank of the incident's own text (weights title 1.0, root
-- cause 0.4, the other fields 0.2), plus 0.15 when one of its action items holds the word and 0.1 when one of its
-- timeline events does. A search for one word then reads its page best first from ix_search_posting_rank and counts
-- its matches from pk_search_posting alone, instead of ranking every incident that matches: "error" matches all but
-- 2 of the 20,000 incidents of the benchmark's large data set, and ranking them all took 112 ms of the database's CPU
-- per page (6.7 pages/s at 16 clients on 2 cores).
--
-- Kept in the changing transaction, so that a search never sees a score the text no longer gives:
-- - an incident inserted, or its text or start changed (its search_vector or started_at): all its words again;
-- - events or items inserted that brought their incident a word, changed or deleted (V24's triggers, which keep
--   incident_search_words, now refresh these rows' words as well): those words.
-- Each refresh first takes its incidents' rows (FOR NO KEY UPDATE, in id order, as every writer of an incident
-- does), so that two refreshes of one incident wait for each other and the later reads what the earlier wrote.
-- A deleted incident takes its postings with it (the foreign key).
--
-- Size on the large data set: 1.7 million postings (87 per incident), 250 MB with their indexes, written in 11 s.
-- A bulk load refreshes all the words of the incidents it touches, once per statement: loading the large data set
-- (three statements: incidents, events, items) takes about three times as long.

-- The tsquery of one lexeme (quotes and backslashes doubled, as tsquery's input reads them).
CREATE FUNCTION search_lexeme_query(lexeme text) RETURNS tsquery AS $$
    SELECT CAST('''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || '''' AS tsquery)
$$ LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE;

-- The one lexeme a search is, when websearch_to_tsquery reads it as one lexeme and nothing else; null otherwise, and
-- for a number (no posting keeps one: "12³" is the lexeme 12).
CREATE FUNCTION search_lexeme(q text) RETURNS text AS $$
    SELECT min(l.lexeme) FROM unnest(to_tsvector('english', q)) AS l
    HAVING count(*) = 1 AND min(l.lexeme) !~ '^[0-9]+$'
        AND websearch_to_tsquery('english', q) = search_lexeme_query(min(l.lexeme))
$$ LANGUAGE sql STABLE STRICT;

-- An incident's postings as they should be: for each of its words, or (only_words) for each of these that it holds.
-- The latter never lists all its words: an incident that a monitor posts to holds thousands (each event's ids).
CREATE FUNCTION search_postings_of(of_incidents BIGINT[], only_words TEXT[])
RETURNS TABLE (word text, incident_id bigint, score double precision, started_at timestamptz) AS $$
    SELECT k.word, i.id,
        -- in this order, in double precision, as PostgresTextSearch adds them: the same to the last bit
        CAST(CASE WHEN i.search_vector @@ k.query
            THEN ts_rank('{0.1,0.2,0.4,1.0}', i.search_vector, k.query) ELSE 0 END AS double precision)
            + CASE WHEN coalesce(w.action_words @@ k.query, false) THEN CAST(0.15 AS double precision) ELSE 0 END
            + CASE WHEN coalesce(w.event_words @@ k.query, false) THEN CAST(0.1 AS double precision) ELSE 0 END,
        i.started_at
    FROM incident i
    LEFT JOIN incident_search_words w ON w.incident_id = i.id
    CROSS JOIN LATERAL (
        SELECT x.word, search_lexeme_query(x.word) AS query
        FROM (SELECT unnest(search_kept_words(coalesce(i.search_vector, ''))) WHERE only_words IS NULL
              UNION SELECT unnest(tsvector_to_array(coalesce(w.event_words, ''))) WHERE only_words IS NULL
              UNION SELECT unnest(tsvector_to_array(coalesce(w.action_words, ''))) WHERE only_words IS NULL
              UNION SELECT unnest(only_words) WHERE only_words IS NOT NULL) AS x(word)) AS k
    WHERE i.id = ANY (of_incidents)
        AND (only_words IS NULL OR k.word !~ '^[0-9]+$' AND (coalesce(i.search_vector @@ k.query, false)
            OR coalesce(w.event_words @@ k.query, false) OR coalesce(w.action_words @@ k.query, false)))
$$ LANGUAGE sql STABLE;

CREATE TABLE search_posting (
    word        TEXT                     NOT NULL,
    incident_id BIGINT                   NOT NULL,
    score       DOUBLE PRECISION         NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

INSERT INTO search_posting (word, incident_id, score, started_at)
SELECT p.word, p.incident_id, p.score, p.started_at
FROM (SELECT array_agg(id) AS ids FROM incident) AS a, search_postings_of(a.ids, NULL) AS p
WHERE a.ids IS NOT NULL;

ALTER TABLE search_posting ADD CONSTRAINT pk_search_posting PRIMARY KEY (word, incident_id);
ALTER TABLE search_posting ADD CONSTRAINT fk_search_posting_incident FOREIGN KEY (incident_id)
    REFERENCES incident (id) ON DELETE CASCADE;
-- a word's incidents best first, in the search's order (score, then the latest start, then the highest id)
CREATE INDEX ix_search_posting_rank ON search_posting (word, score DESC, started_at DESC, incident_id DESC);
-- an incident's postings (a refresh of all its words; the cascade when it is deleted)
CREATE INDEX ix_search_posting_incident ON search_posting (incident_id);

CREATE FUNCTION search_postings_refresh(of_incidents BIGINT[], only_words TEXT[]) RETURNS void AS $$
BEGIN
    PERFORM 1 FROM incident WHERE id = ANY (of_incidents) ORDER BY id FOR NO KEY UPDATE;
    -- a statement of its own: it reads what the writers this waited for have committed
    WITH wanted AS MATERIALIZED (SELECT * FROM search_postings_of(of_incidents, only_words)),
    gone AS (
        DELETE FROM search_posting p
        WHERE p.incident_id = ANY (of_incidents) AND (only_words IS NULL OR p.word = ANY (only_words))
            AND NOT EXISTS (SELECT 1 FROM wanted x WHERE x.incident_id = p.incident_id AND x.word = p.word))
    INSERT INTO search_posting AS p (word, incident_id, score, started_at)
    SELECT x.word, x.incident_id, x.score, x.started_at FROM wanted x ORDER BY x.incident_id, x.word
    ON CONFLICT (word, incident_id) DO UPDATE SET score = excluded.score, started_at = excluded.started_at
        WHERE p.score IS DISTINCT FROM excluded.score OR p.started_at IS DISTINCT FROM excluded.started_at;
END;
$$ LANGUAGE plpgsql;

-- A refresh of more words than this refreshes all the words of its incidents (a bulk insert, an import): one pass
-- over their words instead of a look-up of each word in a long list.
CREATE FUNCTION search_postings_refresh_words(of_incidents BIGINT[], changed TEXT[]) RETURNS void AS $$
BEGIN
    IF of_incidents IS NULL OR changed IS NULL OR cardinality(changed) = 0 THEN
        RETURN;
    END IF;
    PERFORM search_postings_refresh(of_incidents, CASE WHEN cardinality(changed) > 64 THEN NULL ELSE changed END);
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION search_postings_of_inserted_incidents() RETURNS trigger AS $$
DECLARE
    inserted BIGINT[];
BEGIN
    SELECT array_agg(n.id ORDER BY n.id) INTO inserted FROM new_rows n;
    IF inserted IS NOT NULL THEN
        PERFORM search_postings_refresh(inserted, NULL);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION search_postings_of_changed_incident() RETURNS trigger AS $$
BEGIN
    PERFORM search_postings_refresh(ARRAY[NEW.id], NULL);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- V24's triggers on the events and items, which keep incident_search_words, also refresh postings: after an insert,
-- of the words the incidents did not hold yet (most posts bring none, and write nothing); after a change or a
-- deletion, of the words the rows held before and after. Both take their incidents' rows first (id order, as every
-- writer of an incident does, and before the words' rows), so that what one reads of an incident's words is what
-- the writer before it left, whoever wrote (the application, an import, SQL of one's own).
CREATE OR REPLACE FUNCTION search_words_inserted() RETURNS trigger AS $$
DECLARE
    of_events BOOLEAN := TG_TABLE_NAME = 'timeline_event';
    gained BIGINT[];
    words TEXT[];
BEGIN
    -- the incidents first, as every writer takes them: the words read next are those the last writer left
    PERFORM 1 FROM incident WHERE id IN (SELECT n.incident_id FROM new_rows n) ORDER BY id FOR NO KEY UPDATE;
    -- the words these rows bring that their incidents' events (items) do not hold yet
    SELECT array_agg(DISTINCT k) INTO words
    FROM new_rows n CROSS JOIN LATERAL unnest(search_kept_words(n.search_vector)) AS k
        LEFT JOIN incident_search_words w ON w.incident_id = n.incident_id
    WHERE w.incident_id IS NULL
        OR NOT (CASE WHEN of_events THEN w.event_words ELSE w.action_words END) @@ search_lexeme_query(k);
    IF words IS NULL THEN
        RETURN NULL;
    END IF;
    WITH written AS (
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
                AND tsvector_to_array(excluded.action_words) <@ tsvector_to_array(w.action_words))
        RETURNING w.incident_id)
    SELECT array_agg(incident_id ORDER BY incident_id) INTO gained FROM written;
    PERFORM search_postings_refresh_words(gained, words);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION search_words_changed() RETURNS trigger AS $$
DECLARE
    of_events BOOLEAN := TG_TABLE_NAME = 'timeline_event';
    changed BIGINT[];
    words TEXT[];
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT o.incident_id), array_agg(DISTINCT k) INTO changed, words
        FROM old_rows o LEFT JOIN LATERAL unnest(search_kept_words(o.search_vector)) AS k ON true;
    ELSE
        SELECT array_agg(DISTINCT n.incident_id), array_agg(DISTINCT k) INTO changed, words
        FROM new_rows n JOIN old_rows o ON o.id = n.id
            LEFT JOIN LATERAL unnest(search_kept_words(coalesce(n.search_vector, ''))
                || search_kept_words(coalesce(o.search_vector, ''))) AS k ON true
        WHERE n.search_vector IS DISTINCT FROM o.search_vector;
    END IF;
    IF changed IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM 1 FROM incident WHERE id = ANY (changed) ORDER BY id FOR NO KEY UPDATE;
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
    PERFORM search_postings_refresh_words(changed, words);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER incident_search_postings_inserted AFTER INSERT ON incident
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_postings_of_inserted_incidents();
-- a row trigger with a condition: most updates of an incident (its revision, its status) change neither
CREATE TRIGGER incident_search_postings_updated AFTER UPDATE ON incident
    FOR EACH ROW WHEN (OLD.search_vector IS DISTINCT FROM NEW.search_vector OR OLD.started_at <> NEW.started_at)
    EXECUTE FUNCTION search_postings_of_changed_incident();
