/**
 * The audit trail: every change other modules announce ({@link org.hindsight.system.Audited}), and every sign-in,
 * failed sign-in and lockout, kept append-only with when, who (or which integration), through which channel (page,
 * API, import, alert, bulk, admin), which record and each field's old and new value. Incident history and the admin
 * audit page read it; nothing in the application updates or deletes an entry.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit trail",
        allowedDependencies = {"system", "user", "incident"})
package org.hindsight.audit;
