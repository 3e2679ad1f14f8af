-- Events the application writes when an incident's status moves ("Status changed from ... to ..."), marked so that
-- a postmortem can leave them out of its timeline (they are system rows, not what people did) or show them in its
-- full history. Rows recorded before this column existed are recognised by the exact text the application wrote.
-- Portable SQL: H2 and PostgreSQL.
ALTER TABLE timeline_event ADD COLUMN status_change BOOLEAN DEFAULT FALSE NOT NULL;

UPDATE timeline_event SET status_change = TRUE
 WHERE kind = 'NOTE' AND author_id IS NOT NULL AND text IN (
    'Status changed from **INVESTIGATING** to **IDENTIFIED**', 'Status changed from **INVESTIGATING** to **MONITORING**',
    'Status changed from **INVESTIGATING** to **RESOLVED**', 'Status changed from **INVESTIGATING** to **POSTMORTEM**',
    'Status changed from **INVESTIGATING** to **CLOSED**', 'Status changed from **IDENTIFIED** to **INVESTIGATING**',
    'Status changed from **IDENTIFIED** to **MONITORING**', 'Status changed from **IDENTIFIED** to **RESOLVED**',
    'Status changed from **IDENTIFIED** to **POSTMORTEM**', 'Status changed from **IDENTIFIED** to **CLOSED**',
    'Status changed from **MONITORING** to **INVESTIGATING**', 'Status changed from **MONITORING** to **IDENTIFIED**',
    'Status changed from **MONITORING** to **RESOLVED**', 'Status changed from **MONITORING** to **POSTMORTEM**',
    'Status changed from **MONITORING** to **CLOSED**', 'Status changed from **RESOLVED** to **INVESTIGATING**',
    'Status changed from **RESOLVED** to **IDENTIFIED**', 'Status changed from **RESOLVED** to **MONITORING**',
    'Status changed from **RESOLVED** to **POSTMORTEM**', 'Status changed from **RESOLVED** to **CLOSED**',
    'Status changed from **POSTMORTEM** to **INVESTIGATING**', 'Status changed from **POSTMORTEM** to **IDENTIFIED**',
    'Status changed from **POSTMORTEM** to **MONITORING**', 'Status changed from **POSTMORTEM** to **RESOLVED**',
    'Status changed from **POSTMORTEM** to **CLOSED**', 'Status changed from **CLOSED** to **INVESTIGATING**',
    'Status changed from **CLOSED** to **IDENTIFIED**', 'Status changed from **CLOSED** to **MONITORING**',
    'Status changed from **CLOSED** to **RESOLVED**', 'Status changed from **CLOSED** to **POSTMORTEM**');
