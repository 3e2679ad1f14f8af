-- A long text's change (either value over 2,000 characters) keeps its values cut and the whole change as a unified
-- line diff, so the trail loses nothing of it. Portable SQL.
ALTER TABLE audit_entry ADD COLUMN diff VARCHAR(1000000);
