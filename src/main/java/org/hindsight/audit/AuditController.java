package org.hindsight.audit;

import java.time.LocalDate;
import java.time.ZoneId;

import org.hindsight.audit.AuditLog.AuditFilter;
import org.hindsight.system.BadParameterException;
import org.hindsight.system.PageBodies;
import org.hindsight.user.CurrentUser;
import org.hindsight.user.HindsightUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** An incident's history (viewers and up) and the admins' audit page, newest first, paged. */
@Controller
class AuditController {

    /** The history page's body (everything inside the layout), kept for the next viewer who would see the same. */
    static final String HISTORY_BODY = "audit/history-body :: pageBody";

    private final AuditLog log;
    private final PageBodies bodies;

    AuditController(AuditLog log, PageBodies bodies) {
        this.log = log;
        this.bodies = bodies;
    }

    @GetMapping("/incidents/{key}/history")
    String history(@PathVariable String key, @RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("key", key);
        model.addAttribute("entries", log.history(key, page));
        model.addAttribute("historyBody", bodies.body(HISTORY_BODY, model));
        return "audit/history";
    }

    @GetMapping("/admin/audit")
    String audit(@CurrentUser HindsightUser me, @RequestParam(required = false) String actor,
            @RequestParam(required = false) String type, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(defaultValue = "0") int page, Model model) {
        ZoneId zone = me.getZone() == null ? ZoneId.of("UTC") : me.getZone();
        model.addAttribute("filter", new Typed(actor, type, from, to));
        model.addAttribute("entries", log.search(new AuditFilter(actor, type, day(from, "from", zone, 0),
                day(to, "to", zone, 1)), page));
        return "audit/admin";
    }

    /** The filter as typed, for the form. */
    record Typed(String actor, String type, String from, String to) {
    }

    /** A day in the viewer's zone: its start ({@code plusDays} 0) or the start of the next (1, for "to"). */
    static java.time.Instant day(String text, String parameter, ZoneId zone, int plusDays) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(text.strip());
            if (day.getYear() < 1970 || day.getYear() > 9999) {
                throw new BadParameterException(parameter);
            }
            return day.plusDays(plusDays).atStartOfDay(zone).toInstant();
        } catch (java.time.DateTimeException e) {
            throw new BadParameterException(parameter);
        }
    }
}
