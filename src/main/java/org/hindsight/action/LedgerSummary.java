package org.hindsight.action;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
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
 * select: open, overdue, due this week, done in the last 30 days, and the heaviest loads per owner. One query
 * grouped by owner, over the open items and those done in the last 30 days; the totals are the sums of its rows
 * (one per owner and one for the unassigned items, so a few hundred at most).
 */
@Component
@Transactional(readOnly = true)
class LedgerSummary {

    static final int OWNERS_SHOWN = 10;

    /** Heaviest load first: most open, then most overdue, then by username, the unassigned items last. */
    private static final Comparator<OwnerLoad> HEAVIEST = Comparator.comparingLong(OwnerLoad::open).reversed()
            .thenComparing(Comparator.comparingLong(OwnerLoad::overdue).reversed())
            .thenComparing(OwnerLoad::owner, Comparator.nullsLast(Comparator.naturalOrder()));

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
        Instant monthAgo = now.minus(Duration.ofDays(30));
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Tuple> query = cb.createTupleQuery();
        Root<ActionItem> a = query.from(ActionItem.class);
        Join<ActionItem, User> owner = a.join("owner", JoinType.LEFT);
        Join<ActionItem, Incident> incident = filter.severity() != null ? LedgerCriteria.incident(a, cb) : null;
        query.multiselect(owner.get("username"), owner.get("displayName"),
                        LedgerCriteria.countIf(cb, open(a)),
                        LedgerCriteria.countIf(cb, cb.and(open(a), cb.lessThan(a.get("dueDate"), today))),
                        LedgerCriteria.countIf(cb, cb.and(open(a), cb.between(a.get("dueDate"), today, sunday))),
                        LedgerCriteria.countIf(cb, doneSince(a, cb, monthAgo)))
                .where(cb.and(LedgerCriteria.where(filter, a, owner, incident, query, cb, today, zone, true)),
                        cb.or(open(a), doneSince(a, cb, monthAgo)))
                .groupBy(owner.get("username"), owner.get("displayName"));
        long open = 0;
        long overdue = 0;
        long dueThisWeek = 0;
        long done = 0;
        List<OwnerLoad> owners = new ArrayList<>();
        for (Tuple t : em.createQuery(query).getResultList()) {
            OwnerLoad load = new OwnerLoad(t.get(0, String.class), t.get(1, String.class), number(t.get(2)),
                    number(t.get(3)));
            open += load.open();
            overdue += load.overdue();
            dueThisWeek += number(t.get(4));
            done += number(t.get(5));
            if (load.open() > 0) {
                owners.add(load);
            }
        }
        owners.sort(HEAVIEST);
        return new Summary(open, overdue, dueThisWeek, done, List.copyOf(owners.subList(0,
                Math.min(OWNERS_SHOWN, owners.size()))), sunday);
    }

    private static Predicate open(Root<ActionItem> a) {
        return a.get("status").in(LedgerCriteria.OPEN);
    }

    private static Predicate doneSince(Root<ActionItem> a, CriteriaBuilder cb, Instant since) {
        return cb.and(cb.equal(a.get("status"), ActionStatus.DONE), cb.greaterThanOrEqualTo(a.get("completedAt"), since));
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
