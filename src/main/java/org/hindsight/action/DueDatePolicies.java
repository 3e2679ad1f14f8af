package org.hindsight.action;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.hindsight.incident.Severity;
import org.hindsight.system.Audited;
import org.hindsight.system.EditConflictException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The due-date policy: an item created without a due date is due this many days after its creation day (in
 * its creator's zone), by the incident's severity and the item's type. Admins change the days.
 */
@Service
@Transactional
class DueDatePolicies {

    /** One severity's days by type, as the admin page shows and sends them. */
    record Days(Severity severity, Integer corrective, Integer preventive, Integer detective, Integer process,
            long version) {

        Integer get(ActionType type) {
            return switch (type) {
                case CORRECTIVE -> corrective;
                case PREVENTIVE -> preventive;
                case DETECTIVE -> detective;
                case PROCESS -> process;
            };
        }
    }

    private final DueDatePolicyRepository policies;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    DueDatePolicies(DueDatePolicyRepository policies, Clock clock, ApplicationEventPublisher events) {
        this.policies = policies;
        this.clock = clock;
        this.events = events;
    }

    @Transactional(readOnly = true)
    List<Days> all() {
        return policies.findAll().stream()
                .sorted(java.util.Comparator.comparing(DueDatePolicy::getSeverity))
                .map(p -> new Days(p.getSeverity(), p.days(ActionType.CORRECTIVE), p.days(ActionType.PREVENTIVE),
                        p.days(ActionType.DETECTIVE), p.days(ActionType.PROCESS), p.getVersion()))
                .toList();
    }

    /** The default due date for an item of {@code type} created today (in {@code zone}) on such an incident. */
    @Transactional(readOnly = true)
    LocalDate defaultDueDate(Severity severity, ActionType type, ZoneId zone) {
        return LocalDate.ofInstant(clock.instant(), zone).plusDays(days(severity, type));
    }

    /** Every type's default due date for items created today on an incident of this severity. */
    @Transactional(readOnly = true)
    Map<ActionType, LocalDate> defaultDueDates(Severity severity, ZoneId zone) {
        Map<ActionType, LocalDate> dates = new EnumMap<>(ActionType.class);
        DueDatePolicy policy = policies.findById(severity).orElse(null);
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        for (ActionType type : ActionType.values()) {
            dates.put(type, today.plusDays(policy == null ? FALLBACK_DAYS : policy.days(type)));
        }
        return dates;
    }

    /** Saves every severity's days; a row someone else saved meanwhile refuses the whole change. */
    void save(List<Days> rows) {
        for (Days row : rows) {
            DueDatePolicy policy = policies.findById(row.severity()).orElseThrow();
            if (policy.getVersion() != row.version()) {
                throw new EditConflictException(all());
            }
            Map<String, Object> before = days(policy);
            policy.set(row.corrective(), row.preventive(), row.detective(), row.process(), clock.instant());
            events.publishEvent(Audited.changed("due-date policy", row.severity().name(), null, before, days(policy)));
        }
        policies.flush();
    }

    /** Used only if a severity's row is missing (V5 inserts all four). */
    private static final int FALLBACK_DAYS = 28;

    private int days(Severity severity, ActionType type) {
        return policies.findById(severity).map(p -> p.days(type)).orElse(FALLBACK_DAYS);
    }

    private static Map<String, Object> days(DueDatePolicy policy) {
        Map<String, Object> days = new java.util.LinkedHashMap<>();
        for (ActionType type : ActionType.values()) {
            days.put(type.name().toLowerCase(java.util.Locale.ROOT) + "Days", policy.days(type));
        }
        return days;
    }
}
