package org.hindsight.incident;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

import org.hindsight.system.KeptUnderMark;
import org.hindsight.system.SharedChanges;
import org.hindsight.system.SharedChanges.Topic;
import org.hindsight.user.User;
import org.springframework.beans.factory.annotation.Value;
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
 * <p>
 * Filtered by a service, the matches are counted first (from the service's index: as many entries as matches). A
 * service with few incidents ({@code hindsight.incident-list.sort-matches-up-to}, 500) has its page read from its
 * matches, sorted: walking the list's order until 25 match reads every incident for a service that has few, and the
 * database cannot tell the two apart by the name. Measured on PostgreSQL at 20,000 incidents: a service with 3
 * incidents 24.5 ms walking, 0.07 ms sorted (plus 0.03 ms to count); one with 1,294 incidents 0.4 ms walking, 3.5 ms
 * sorted. Walking costs about 1.2 µs per incident passed, sorting 2.7 µs per match: even at about 500 matches.
 * <p>
 * A page read without words to match is kept for the next views of the same filters and page
 * ({@link KeptUnderMark}): under the database's mark of changes to incidents, users and action items
 * ({@link Topic#LEDGER}), which every change to what a row shows raises in its own commit, so a change shows on the
 * next view on every instance; one statement (the mark) instead of three or four. A page matched by words is read
 * every time: it depends on timeline events too.
 */
@Service
@Transactional(readOnly = true)
class IncidentList {

    /** Pages kept (filters × page numbers); each a few kilobytes. */
    static final int KEPT_PAGES = 500;

    private final IncidentRepository incidents;
    private final OpenActionCounter openActions;
    private final IncidentTextFilter text;
    private final EntityManager entityManager;
    private final int sortMatchesUpTo;
    private final KeptUnderMark<Kept, Page<ListedIncident>> kept;

    /** What a kept page is for. */
    private record Kept(IncidentFilter filter, int page, int size) {
    }

    IncidentList(IncidentRepository incidents, OpenActionCounter openActions, IncidentTextFilter text,
            EntityManager entityManager, SharedChanges shared, Clock clock,
            @Value("${hindsight.incident-list.sort-matches-up-to:500}") int sortMatchesUpTo) {
        this.entityManager = entityManager;
        this.kept = KeptUnderMark.under(shared, Topic.LEDGER, clock, KEPT_PAGES);
        this.incidents = incidents;
        this.openActions = openActions;
        this.text = text;
        this.sortMatchesUpTo = sortMatchesUpTo;
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
        if (filter.hasWords()) {
            return read(filter, page, size);
        }
        return kept.get(new Kept(filter, page, size), () -> read(filter, page, size));
    }

    private Page<ListedIncident> read(IncidentFilter filter, int page, int size) {
        int lastPossible = Integer.MAX_VALUE / Math.max(size, 1) - 1;
        PageRequest request = PageRequest.of(Math.min(Math.max(page, 0), lastPossible), size);
        Specification<Incident> matching = filter.toSpecification(text);
        Long counted = filter.hasService() ? incidents.count(matching) : null;
        if (counted != null && counted == 0) {
            return new PageImpl<>(List.of(), request, 0);
        }
        List<Long> ids = pageOfIds(matching, request, counted != null && counted <= sortMatchesUpTo);
        List<Incident> found = ids.isEmpty() ? List.of() : inOrder(ids, incidents.findWithCommanderByIdIn(ids));
        Map<Long, Long> counts = found.isEmpty() ? Map.of()
                : openActions.openActionsByIncident(ids);
        List<ListedIncident> rows = found.stream().map(i -> {
            User commander = i.getCommander();
            return new ListedIncident(i.getKey(), i.getTitle(), i.getSeverity(), i.getStatus(), i.getStartedAt(),
                    i.get(SummaryTime.RESOLVED), commander == null ? null : commander.getDisplayName(),
                    counts.getOrDefault(i.getId(), 0L), i.getPostmortemState());
        }).toList();
        // the total: counted first for a service; else from the ids (a row deleted between the two statements must not
        // make this page look like the last)
        long total = counted != null ? counted
                : PageableExecutionUtils.getPage(ids, request, () -> incidents.count(matching)).getTotalElements();
        return new PageImpl<>(rows, request, total);
    }

    /**
     * The ids of one page, in the list's order: from the index alone (ix_incident_list_order holds the order and the
     * id), however deep the page; the rows themselves are read for those ids only. Reading whole rows in order and
     * skipping the earlier pages' made PostgreSQL sort all 20,000 incidents for page 500 (60 ms).
     * {@code fromMatches}: few incidents match; sort those instead (an order the index cannot give, so the database
     * finds the matches first, through the filter's own index).
     */
    private List<Long> pageOfIds(Specification<Incident> matching, PageRequest request, boolean fromMatches) {
        CriteriaBuilder cb = entityManager.getCriteriaBuilder();
        CriteriaQuery<Long> query = cb.createQuery(Long.class);
        Root<Incident> root = query.from(Incident.class);
        Predicate where = matching.toPredicate(root, query, cb);
        query.select(root.get("id"));
        if (where != null) {
            query.where(where);
        }
        // list_group is the database's "active first" (V27), in the order of ix_incident_list_order
        Expression<Short> group = root.get("listGroup");
        query.orderBy(cb.asc(fromMatches ? cb.sum(group, (short) 0) : group), cb.desc(root.get("startedAt")),
                cb.desc(root.get("id")));
        return entityManager.createQuery(query).setFirstResult((int) request.getOffset())
                .setMaxResults(request.getPageSize()).getResultList();
    }

    private static List<Incident> inOrder(List<Long> ids, List<Incident> found) {
        Map<Long, Incident> byId = new HashMap<>();
        found.forEach(i -> byId.put(i.getId(), i));
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }
}
