-- An account may have no password: it exists (it owns items, commands incidents, is offered as an owner) but cannot
-- sign in until an admin sets a password for it. The example data's people (maria.lopez, jordan.kim, sam.okafor,
-- dev.patel) are created this way.
-- Portable SQL: runs unchanged on H2 and PostgreSQL.
ALTER TABLE app_user ALTER COLUMN password_hash DROP NOT NULL;

-- Example accounts created before this version got a random password that nobody was ever told: they become accounts
-- without a password, so that the admin pages say so. Only rows exactly as the example data made them (its usernames,
-- names, addresses and zone, never changed since: version 0); an account given a password since has moved on from
-- version 0 and keeps it.
UPDATE app_user SET password_hash = NULL
WHERE version = 0 AND time_zone = 'UTC'
  AND ((username = 'maria.lopez' AND display_name = 'Maria Lopez' AND email = 'maria.lopez@example.com')
    OR (username = 'jordan.kim' AND display_name = 'Jordan Kim' AND email = 'jordan.kim@example.com')
    OR (username = 'sam.okafor' AND display_name = 'Sam Okafor' AND email = 'sam.okafor@example.com')
    OR (username = 'dev.patel' AND display_name = 'Dev Patel' AND email = 'dev.patel@example.com'));
