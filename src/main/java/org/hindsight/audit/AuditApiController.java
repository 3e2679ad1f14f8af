package org.hindsight.audit;

import java.time.ZoneOffset;

import io.swagger.v3.oas.annotations.Operation;

import org.hindsight.audit.AuditLog.AuditFilter;
import org.hindsight.audit.AuditViews.AuditPage;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The trail for scripts: an incident's history (viewers and up), the whole trail with filters (admins). */
@RestController
class AuditApiController {

    private final AuditLog log;

    AuditApiController(AuditLog log) {
        this.log = log;
    }

    @GetMapping("/api/incidents/{key}/history")
    @Operation(summary = "The incident's history: every change to it, its timeline events and its action items,"
            + " newest first, 50 a page: {at, actor, channel, type, id, action, field, from, to}")
    AuditPage history(@PathVariable String key, @RequestParam(defaultValue = "0") int page) {
        return log.history(key, page);
    }

    @GetMapping("/api/audit")
    @Operation(summary = "The audit trail (admins): filter by actor, record type and a date range in UTC"
            + " (from inclusive, to inclusive, as YYYY-MM-DD); newest first, 50 a page")
    AuditPage audit(@RequestParam(required = false) String actor, @RequestParam(required = false) String type,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "0") int page) {
        return log.search(new AuditFilter(actor, type, AuditController.day(from, "from", ZoneOffset.UTC, 0),
                AuditController.day(to, "to", ZoneOffset.UTC, 1)), page);
    }
}
