package org.hindsight.postmortem.imports;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionPriority;
import org.hindsight.action.ActionStatus;
import org.hindsight.action.ActionType;
import org.hindsight.incident.Severity;
import org.hindsight.incident.SummaryTime;
import org.hindsight.postmortem.imports.ImportedPostmortem.Warning;
import org.hindsight.timeline.EventKind;
import org.hindsight.timeline.KeyMoment;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;

/** What the import API answers: the parsed postmortem (dry run) or the new incident's import report. */
final class ImportJson {

    private ImportJson() {
    }

    record WarningJson(String code, String message) {
    }

    record EventJson(String time, Instant at, String text, EventKind kind, Set<KeyMoment> keyMoments) {
    }

    record ActionJson(ActionCategory category, String title, String details, String owner, LocalDate dueDate,
            ActionType type, ActionPriority priority, ActionStatus status, String wontDoReason, String trackerUrl) {
    }

    record Preview(String title, Severity severity, Map<String, Instant> times, String impact,
            BigDecimal usersAffectedPercent, List<String> services, String rootCauseSummary, String rootCause,
            String resolution, String contributingFactors, String lessons, String notes, List<EventJson> events,
            List<ActionJson> actions, List<String> keptAsNotes, List<WarningJson> warnings, boolean missingDate,
            boolean zoneAssumed, Map<String, EvidenceJson> evidence) {
    }

    /** Where a summary time was read: {@code source} in words, {@code guess} when no line states it. */
    record EvidenceJson(String code, String source, boolean guess) {
    }

    record Understood(List<String> fields, int events, int actionItems, int ownersMatched) {
    }

    record Report(String key, Understood understood, List<String> keptAsNotes, List<WarningJson> warnings) {
    }

    static Preview preview(ImportedPostmortem p, MessageSource messages) {
        Map<String, Instant> times = new LinkedHashMap<>();
        p.times().forEach((time, at) -> times.put(time.field(), at));
        return new Preview(p.title(), p.severity(), times, p.impact(), p.usersAffectedPercent(), p.services(),
                p.rootCauseSummary(), p.rootCause(), p.resolution(), p.contributingFactors(), p.lessons(), p.notes(),
                p.events().stream().map(e -> new EventJson(e.timeText(), e.at(), e.text(), e.kind(), e.keyMoments()))
                        .toList(),
                p.actions().stream().map(a -> new ActionJson(a.category(), a.title(), a.details(), a.owner(),
                        a.dueDate(), a.type(), a.priority(), a.status(), a.wontDoReason(), a.trackerUrl())).toList(),
                p.keptAsNotes(), warnings(p.warnings(), messages), p.missingDate(), p.zoneAssumed(),
                evidence(p, messages));
    }

    private static Map<String, EvidenceJson> evidence(ImportedPostmortem p, MessageSource messages) {
        Map<String, EvidenceJson> evidence = new LinkedHashMap<>();
        for (SummaryTime time : SummaryTime.values()) {
            ImportedPostmortem.Evidence from = p.evidence().get(time);
            if (from != null) {
                evidence.put(time.field(), new EvidenceJson(from.code(), messages.getMessage(from.code(),
                        from.args().toArray(), from.code(), LocaleContextHolder.getLocale()), from.guess()));
            }
        }
        return evidence;
    }

    static Report report(ImportedPostmortem p, ImportService.Imported imported, MessageSource messages) {
        return new Report(imported.key(), new Understood(understoodFields(p), p.events().size(), p.actions().size(),
                imported.ownersMatched()), p.keptAsNotes(), warnings(imported.warnings(), messages));
    }

    /** The names of the incident fields the document filled in, in the API's own words. */
    static List<String> understoodFields(ImportedPostmortem p) {
        List<String> fields = new ArrayList<>();
        add(fields, "title", p.title());
        for (SummaryTime time : SummaryTime.values()) {
            add(fields, time.field(), p.times().get(time));
        }
        add(fields, "impact", p.impact());
        add(fields, "usersAffectedPercent", p.usersAffectedPercent());
        add(fields, "services", p.services().isEmpty() ? null : p.services());
        add(fields, "rootCauseSummary", p.rootCauseSummary());
        add(fields, "rootCause", p.rootCause());
        add(fields, "resolution", p.resolution());
        add(fields, "contributingFactors", p.contributingFactors());
        add(fields, "lessons", p.lessons());
        return fields;
    }

    private static void add(List<String> fields, String name, Object value) {
        if (value != null) {
            fields.add(name);
        }
    }

    static List<WarningJson> warnings(List<Warning> warnings, MessageSource messages) {
        return warnings.stream().map(w -> new WarningJson(w.code(), messages.getMessage(w.code(),
                w.args().toArray(), w.code(), LocaleContextHolder.getLocale()))).toList();
    }
}
