package org.hindsight.incident;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

import org.hindsight.user.User;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.support.PageableExecutionUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The incident list page: the incidents still being worked on first, then the rest, each group newest first (by
 * start), so an old incident that still burns is never a page away; each row with its commander and its count of
 * open action items. Three statements for a page (four when the total must be counted): the page's ids, its rows,
 * their open action items.
 */
@Service
@Transactional(readOnly = true)
class IncidentList {

    private final IncidentRepository incidents;
    private final OpenActionCounter openActions;
    private final IncidentTextFilter text;
    private final EntityManager entityManager;

    IncidentList(IncidentRepository incidents, OpenActionCounter openActions, IncidentTextFilter text,
            EntityManager entityManager) {
        this.entityManager = entityManager;
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
        Specification<Incident> matching = filter.toSpecification(text);
        List<Long> ids = pageOfIds(matching, request);
        List<Incident> found = ids.isEmpty() ? List.of() : inOrder(ids, incidents.findWithCommanderByIdIn(ids));
        Map<Long, Long> counts = found.isEmpty() ? Map.of()
                : openActions.openActionsByIncident(ids);
        List<ListedIncident> rows = found.stream().map(i -> {
            User commander = i.getCommander();
            return new ListedIncident(i.getKey(), i.getTitle(), i.getSeverity(), i.getStatus(), i.getStartedAt(),
                    i.get(SummaryTime.RESOLVED), commander == null ? null : commander.getDisplayName(),
                    counts.getOrDefault(i.getId(), 0L), i.getPostmortemState());
        }).toList();
        // the total from the ids (a row deleted between the two statements must not make this page look like the last)
        long total = PageableExecutionUtils.getPage(ids, request, () -> incidents.count(matching)).getTotalElements();
        return new PageImpl<>(rows, request, total);
    }

    /**
     * The ids of one page, in the list's order: from the index alone (ix_incident_list_order holds the order and the
     * id), however deep the page; the rows themselves are read for those ids only. Reading whole rows in order and
     * skipping the earlier pages' made PostgreSQL sort all 20,000 incidents for page 500 (60 ms).
     */
    private List<Long> pageOfIds(Specification<Incident> matching, PageRequest request) {
        CriteriaBuilder cb = entityManager.getCriteriaBuilder();
        CriteriaQuery<Long> query = cb.createQuery(Long.class);
        Root<Incident> root = query.from(Incident.class);
        Predicate where = matching.toPredicate(root, query, cb);
        query.select(root.get("id"));
        if (where != null) {
            query.where(where);
        }
        // list_group is the database's "active first" (V27), in the order of ix_incident_list_order
        query.orderBy(cb.asc(root.get("listGroup")), cb.desc(root.get("startedAt")), cb.desc(root.get("id")));
        return entityManager.createQuery(query).setFirstResult((int) request.getOffset())
                .setMaxResults(request.getPageSize()).getResultList();
    }

    private static List<Incident> inOrder(List<Long> ids, List<Incident> found) {
        Map<Long, Incident> byId = new HashMap<>();
        found.forEach(i -> byId.put(i.getId(), i));
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }
}
