package org.hindsight.action;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Root;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Open action items at the end of each of the last 26 weeks (Monday to Sunday in the viewer's zone, the last
 * one this week, so far), with the items opened and closed in each. Three queries whatever the volume: items
 * opened per week, closed per week (one sum per week each, over an index range of creation or completion
 * time), and the backlog before the first week. An item counts as open from its creation until its
 * completion time; a reopened item has none, so it counts as open since its creation.
 */
@Component
@Transactional(readOnly = true)
class BacklogSeries {

    static final int WEEKS = 26;

    private final EntityManager em;

    BacklogSeries(EntityManager em) {
        this.em = em;
    }

    /** One week: its Monday, items opened and closed in it, and items open at its end. */
    record Week(LocalDate start, long opened, long closed, long backlog) {
    }

    List<Week> weeks(LedgerFilter scope, Instant now, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate first = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(WEEKS - 1L);
        Instant[] bounds = new Instant[WEEKS + 1];
        for (int k = 0; k <= WEEKS; k++) {
            bounds[k] = first.plusWeeks(k).atStartOfDay(zone).toInstant();
        }
        long[] opened = perWeek(scope, "createdAt", bounds, today, zone);
        long[] closed = perWeek(scope, "completedAt", bounds, today, zone);
        long backlog = before(scope, bounds[0], today, zone);
        List<Week> weeks = new ArrayList<>(WEEKS);
        for (int k = 0; k < WEEKS; k++) {
            backlog += opened[k] - closed[k];
            weeks.add(new Week(first.plusWeeks(k), opened[k], closed[k], backlog));
        }
        return weeks;
    }

    private long[] perWeek(LedgerFilter scope, String field, Instant[] bounds, LocalDate today, ZoneId zone) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Tuple> query = cb.createTupleQuery();
        Root<ActionItem> a = query.from(ActionItem.class);
        Path<Instant> at = a.get(field);
        List<Expression<?>> sums = new ArrayList<>(WEEKS);
        for (int k = 0; k < WEEKS; k++) {
            sums.add(LedgerCriteria.countIf(cb, cb.and(cb.greaterThanOrEqualTo(at, bounds[k]),
                    cb.lessThan(at, bounds[k + 1]))));
        }
        query.multiselect(sums.toArray(Expression[]::new)).where(cb.and(LedgerCriteria.scope(scope, a, query, cb, today, zone)),
                cb.greaterThanOrEqualTo(at, bounds[0]), cb.lessThan(at, bounds[WEEKS]));
        Tuple row = em.createQuery(query).getSingleResult();
        long[] counts = new long[WEEKS];
        for (int k = 0; k < WEEKS; k++) {
            counts[k] = row.get(k) == null ? 0 : ((Number) row.get(k)).longValue();
        }
        return counts;
    }

    private long before(LedgerFilter scope, Instant start, LocalDate today, ZoneId zone) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Long> query = cb.createQuery(Long.class);
        Root<ActionItem> a = query.from(ActionItem.class);
        query.select(cb.count(a)).where(cb.and(LedgerCriteria.scope(scope, a, query, cb, today, zone)),
                cb.lessThan(a.get("createdAt"), start),
                cb.or(cb.isNull(a.get("completedAt")), cb.greaterThanOrEqualTo(a.get("completedAt"), start)));
        return em.createQuery(query).getSingleResult();
    }
}
