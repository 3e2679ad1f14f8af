package org.hindsight.incident;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.criteria.JoinType;

import org.hindsight.user.User;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The incident list page: the incidents still being worked on first, then the rest, each group newest first (by
 * start), so an old incident that still burns is never a page away; each row with its commander and its count of
 * open action items. Two statements for a page (three when the total must be counted).
 */
@Service
@Transactional(readOnly = true)
class IncidentList {

    private static final Set<IncidentStatus> ACTIVE = EnumSet.copyOf(
            java.util.Arrays.stream(IncidentStatus.values()).filter(IncidentStatus::isActive).toList());

    private final IncidentRepository incidents;
    private final OpenActionCounter openActions;
    private final IncidentTextFilter text;

    IncidentList(IncidentRepository incidents, OpenActionCounter openActions, IncidentTextFilter text) {
        this.incidents = incidents;
        this.openActions = openActions;
        this.text = text;
    }

    /** One row of the list. {@code commander} is a display name, or null. */
    record ListedIncident(String key, String title, Severity severity, IncidentStatus status, Instant startedAt,
            Instant resolvedAt, String commander, long openActions, PostmortemState postmortemState) {

        /** Still affecting users or being worked on: listed in the first group. */
        public boolean active() {
            return status.isActive();
        }
    }

    Page<ListedIncident> page(IncidentFilter filter, int page, int size) {
        int lastPossible = Integer.MAX_VALUE / Math.max(size, 1) - 1;
        PageRequest request = PageRequest.of(Math.min(Math.max(page, 0), lastPossible), size);
        Page<Incident> found = incidents.findAll(filter.toSpecification(text).and(activeFirst()), request);
        Map<Long, Long> counts = found.isEmpty() ? Map.of()
                : openActions.openActionsByIncident(found.map(Incident::getId).toList());
        return found.map(i -> {
            User commander = i.getCommander();
            return new ListedIncident(i.getKey(), i.getTitle(), i.getSeverity(), i.getStatus(), i.getStartedAt(),
                    i.get(SummaryTime.RESOLVED), commander == null ? null : commander.getDisplayName(),
                    counts.getOrDefault(i.getId(), 0L), i.getPostmortemState());
        });
    }

    /** The order, and the commander in the same statement; nothing for the count query. */
    private static Specification<Incident> activeFirst() {
        return (root, query, cb) -> {
            Class<?> result = query.getResultType();
            if (result != Long.class && result != long.class) {
                root.fetch("commander", JoinType.LEFT);
                query.orderBy(cb.asc(cb.<Integer>selectCase().when(root.get("status").in(ACTIVE), 0).otherwise(1)),
                        cb.desc(root.get("startedAt")), cb.desc(root.get("id")));
            }
            return null;
        };
    }
}
