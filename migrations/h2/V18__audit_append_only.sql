-- On H2 the append-only rule is the application's (no update or delete path; AuditTrailTest checks it): H2's
-- triggers are Java classes, which the embedded default does not need. This keeps the versions aligned.
SELECT 1;
