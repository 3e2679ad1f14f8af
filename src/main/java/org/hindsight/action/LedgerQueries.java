package org.hindsight.action;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.JoinType;
import jakarta.persistence.criteria.Nulls;
import jakarta.persistence.criteria.Order;
import jakarta.persistence.criteria.Root;

import org.hindsight.incident.Incident;
import org.hindsight.system.KeptUnderMark;
import org.hindsight.system.SharedChanges;
import org.hindsight.system.SharedChanges.Topic;
import org.hindsight.user.User;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ledger's rows: one projection query per page (incident and owner joined, nothing loaded lazily) and one
 * count (kept while nothing changed: {@link LedgerCounts}), or a stream of every matching row for the export.
 * A page is kept for the next views of the same filter, page, zone and day under the ledger's mark
 * ({@link KeptUnderMark}), as its total is: managers view the same ledger again and again between two changes,
 * and every change to what a row shows (an action item, its incident, its owner; an incident's postmortem state)
 * raises the mark in its own commit.
 */
@Component
@Transactional(readOnly = true)
class LedgerQueries {

    /** Rows fetched from the database at a time while streaming an export. */
    private static final int FETCH_SIZE = 500;

    /** Pages kept (filters × page numbers × zones × days); each of 50 rows, some 20 kilobytes. */
    static final int KEPT_PAGES = 500;

    private final EntityManager em;
    private final LedgerCounts counts;
    private final KeptUnderMark<Kept, Page<LedgerRow>> kept;

    /** What a kept page is for: "overdue" depends on the viewer's zone and today in it. */
    private record Kept(LedgerFilter filter, LocalDate today, ZoneId zone, int page, int size) {
    }

    LedgerQueries(EntityManager em, LedgerCounts counts, SharedChanges shared, Clock clock) {
        this.em = em;
        this.counts = counts;
        this.kept = KeptUnderMark.under(shared, Topic.LEDGER, clock, KEPT_PAGES);
    }

    Page<LedgerRow> page(LedgerFilter filter, LocalDate today, ZoneId zone, int page, int size) {
        return kept.get(new Kept(filter, today, zone, page, size), () -> read(filter, today, zone, page, size));
    }

    private Page<LedgerRow> read(LedgerFilter filter, LocalDate today, ZoneId zone, int page, int size) {
        int lastPossible = Integer.MAX_VALUE / Math.max(size, 1) - 1;
        PageRequest request = PageRequest.of(Math.min(Math.max(page, 0), lastPossible), size);
        List<LedgerRow> rows = em.createQuery(select(filter, today, zone))
                .setFirstResult((int) request.getOffset()).setMaxResults(size).getResultList();
        // a page that is not full tells the total by itself; only a full (or empty later) page needs the count,
        // kept for the next views while nothing changed (LedgerCounts)
        long total = rows.size() < size && (request.getOffset() == 0 || !rows.isEmpty())
                ? request.getOffset() + rows.size()
                : counts.total(filter, today, zone, () -> count(filter, today, zone));
        return new PageImpl<>(rows, request, total);
    }

    /** Every matching row in the ledger's order, read in batches; {@code each} sees them one at a time. */
    void forEach(LedgerFilter filter, LocalDate today, ZoneId zone, Consumer<LedgerRow> each) {
        try (Stream<LedgerRow> rows = em.createQuery(select(filter, today, zone))
                .setHint("org.hibernate.fetchSize", FETCH_SIZE).setHint("org.hibernate.readOnly", true)
                .getResultStream()) {
            rows.forEach(each);
        }
    }

    long count(LedgerFilter filter, LocalDate today, ZoneId zone) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Long> query = cb.createQuery(Long.class);
        Root<ActionItem> a = query.from(ActionItem.class);
        Join<ActionItem, Incident> incident = filter.severity() != null ? LedgerCriteria.incident(a, cb) : null;
        Join<ActionItem, User> owner = filter.owner() != null ? a.join("owner") : null;
        query.select(cb.count(a)).where(LedgerCriteria.where(filter, a, owner, incident, query, cb, today, zone, false));
        return em.createQuery(query).getSingleResult();
    }

    private CriteriaQuery<LedgerRow> select(LedgerFilter filter, LocalDate today, ZoneId zone) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<LedgerRow> query = cb.createQuery(LedgerRow.class);
        Root<ActionItem> a = query.from(ActionItem.class);
        Join<ActionItem, Incident> incident = LedgerCriteria.incident(a, cb);
        Join<ActionItem, User> owner = a.join("owner", JoinType.LEFT);
        query.select(cb.construct(LedgerRow.class, a.get("id"), incident.get("id"), incident.get("title"),
                        incident.get("severity"), a.get("title"), a.get("type"), a.get("category"),
                        owner.get("username"), owner.get("displayName"), a.get("dueDate"), a.get("priority"),
                        a.get("status"), a.get("createdAt"), a.get("completedAt"), a.get("version"),
                        incident.get("postmortemState")))
                .where(LedgerCriteria.where(filter, a, owner, incident, query, cb, today, zone, false))
                .orderBy(order(filter.sort(), a, cb));
        return query;
    }

    private static List<Order> order(LedgerFilter.LedgerSort sort, Root<ActionItem> a, CriteriaBuilder cb) {
        Order byId = cb.asc(a.get("id"));
        Order due = cb.asc(a.get("dueDate"), Nulls.LAST);
        return switch (sort) {
            case DUE -> List.of(due, byId);
            case PRIORITY -> List.of(cb.asc(LedgerCriteria.priorityRank(cb, a)), due, byId);
            case AGE -> List.of(cb.asc(a.get("createdAt")), byId);
            case NEWEST -> List.of(cb.desc(a.get("createdAt")), cb.desc(a.get("id")));
        };
    }
}
