-- Events that happened in the same second (times are kept to the second) are ordered by when each was logged
-- (created_at, microseconds), then by id. Since V28 each instance takes a block of ids of its own, so ids are no longer
-- in logging order across instances: ordered by id alone, an event logged later on one instance could show before one
-- logged earlier on another, and a dead end could be credited with the time up to the wrong next event. This index
-- serves the timeline, its windows ("Show the n earlier events") and the live feed in that order, as the one it
-- replaces did for (occurred_at, id).
-- The new index is built first, while the old one still serves reads: building it blocks writes to the timeline (on
-- PostgreSQL a SHARE lock; 0.55 s for a million events on the 2-core machine) but not reads, and the DROP that
-- follows takes its exclusive lock only until the migration commits, moments later. Flyway runs this in one
-- transaction: if it cannot get its locks within hindsight.database.lock-timeout, it rolls back whole and the instance
-- does not start (start it again once the other transaction has ended).
CREATE INDEX ix_timeline_event_incident_order ON timeline_event (incident_id, occurred_at, created_at, id);
DROP INDEX ix_timeline_event_incident_time;
