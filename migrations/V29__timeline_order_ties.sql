-- Events that happened in the same second (times are kept to the second) are ordered by when each was logged
-- (created_at, microseconds), then by id. Since V28 each instance takes a block of ids of its own, so ids are no longer
-- in logging order across instances: ordered by id alone, an event logged later on one instance could show before one
-- logged earlier on another, and a dead end could be credited with the time up to the wrong next event. This index
-- serves the timeline, its windows ("Show the n earlier events") and the live feed in that order, as the one it
-- replaces did for (occurred_at, id).
DROP INDEX ix_timeline_event_incident_time;
CREATE INDEX ix_timeline_event_incident_order ON timeline_event (incident_id, occurred_at, created_at, id);
