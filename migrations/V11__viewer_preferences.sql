-- Each person's reading preferences (issue 14): the timeline's order on the incident page (AUTO: oldest first on a
-- wide screen, newest first on a phone) and the clock (H24: 14:05, H12: 2:05 PM) used in every view and form.
-- Portable SQL: runs unchanged on H2 and PostgreSQL.
ALTER TABLE app_user ADD COLUMN timeline_order VARCHAR(12) DEFAULT 'AUTO' NOT NULL;
ALTER TABLE app_user ADD COLUMN hour_cycle VARCHAR(3) DEFAULT 'H24' NOT NULL;
