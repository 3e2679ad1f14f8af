package org.hindsight.action;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.JoinType;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

import org.hindsight.incident.Incident;
import org.hindsight.user.User;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The numbers at the top of the ledger, for the items the view's owner, type, severity and service filters
 * select: open, overdue, due this week, done in the last 30 days, and the heaviest loads per owner.
 * Three grouped queries, however many items there are.
 */
@Component
@Transactional(readOnly = true)
class LedgerSummary {

    static final int OWNERS_SHOWN = 10;

    private final EntityManager em;

    LedgerSummary(EntityManager em) {
        this.em = em;
    }

    /** One owner's load; {@code owner} null for the unassigned items. */
    record OwnerLoad(String owner, String ownerName, long open, long overdue) {
    }

    /** "Due this week" runs from today to this Sunday (weeks start on Monday), not counting overdue items. */
    record Summary(long open, long overdue, long dueThisWeek, long doneLast30Days, List<OwnerLoad> owners,
            LocalDate weekEnds) {
    }

    Summary summarize(LedgerFilter filter, Instant now, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate sunday = today.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
        CriteriaBuilder cb = em.getCriteriaBuilder();

        CriteriaQuery<Tuple> counts = cb.createTupleQuery();
        Root<ActionItem> a = counts.from(ActionItem.class);
        Predicate[] scope = LedgerCriteria.scope(filter, a, counts, cb, today, zone);
        counts.multiselect(cb.count(a), LedgerCriteria.countIf(cb, cb.lessThan(a.get("dueDate"), today)),
                        LedgerCriteria.countIf(cb, cb.between(a.get("dueDate"), today, sunday)))
                .where(cb.and(cb.and(scope), a.get("status").in(LedgerCriteria.OPEN)));
        Tuple open = em.createQuery(counts).getSingleResult();

        CriteriaQuery<Long> done = cb.createQuery(Long.class);
        Root<ActionItem> d = done.from(ActionItem.class);
        done.select(cb.count(d)).where(cb.and(LedgerCriteria.scope(filter, d, done, cb, today, zone)),
                cb.equal(d.get("status"), ActionStatus.DONE),
                cb.greaterThanOrEqualTo(d.get("completedAt"), now.minus(Duration.ofDays(30))));

        return new Summary(number(open.get(0)), number(open.get(1)), number(open.get(2)),
                em.createQuery(done).getSingleResult(), owners(filter, today, zone), sunday);
    }

    private List<OwnerLoad> owners(LedgerFilter filter, LocalDate today, ZoneId zone) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Tuple> query = cb.createTupleQuery();
        Root<ActionItem> a = query.from(ActionItem.class);
        Join<ActionItem, User> owner = a.join("owner", JoinType.LEFT);
        Join<ActionItem, Incident> incident = filter.severity() != null ? a.join("incident") : null;
        Expression<Long> open = cb.count(a);
        Expression<Long> overdue = LedgerCriteria.countIf(cb, cb.lessThan(a.get("dueDate"), today));
        query.multiselect(owner.get("username"), owner.get("displayName"), open, overdue)
                .where(cb.and(LedgerCriteria.where(filter, a, owner, incident, query, cb, today, zone, true)),
                        a.get("status").in(LedgerCriteria.OPEN))
                .groupBy(owner.get("username"), owner.get("displayName"))
                .orderBy(cb.desc(open), cb.desc(overdue), cb.asc(owner.get("username")));
        return em.createQuery(query).setMaxResults(OWNERS_SHOWN).getResultList().stream()
                .map(t -> new OwnerLoad(t.get(0, String.class), t.get(1, String.class), number(t.get(2)),
                        number(t.get(3))))
                .toList();
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
