package org.hindsight.action;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import jakarta.persistence.criteria.AbstractQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.From;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;

import org.hindsight.incident.Incident;

/** The ledger's filters as criteria predicates, shared by the page, the export, the API, the summary and the chart. */
final class LedgerCriteria {

    static final EnumSet<ActionStatus> OPEN = EnumSet.of(ActionStatus.OPEN, ActionStatus.IN_PROGRESS);

    private LedgerCriteria() {
    }

    /**
     * Everything the filter asks. {@code owner} is the join to the owner (left or inner), {@code incident} the
     * join to the incident; {@code scopeOnly} keeps only who and what (owner, type, severity, service), as the
     * summary and the chart use them.
     */
    static Predicate[] where(LedgerFilter f, Root<ActionItem> a, From<?, ?> owner, Join<ActionItem, Incident> incident,
            AbstractQuery<?> query, CriteriaBuilder cb, LocalDate today, ZoneId zone, boolean scopeOnly) {
        List<Predicate> where = new ArrayList<>();
        if (f.unassigned()) {
            where.add(cb.isNull(a.get("owner")));
        } else if (f.owner() != null) {
            where.add(cb.equal(owner.get("username"), f.owner()));
        }
        if (f.type() != null) {
            where.add(cb.equal(a.get("type"), f.type()));
        }
        if (f.severity() != null) {
            where.add(cb.equal(incident.get("severity"), f.severity()));
        }
        if (f.service() != null) {
            Subquery<Long> affected = query.subquery(Long.class);
            Root<Incident> i = affected.from(Incident.class);
            affected.select(i.get("id")).where(cb.equal(i.join("services").get("name"), f.service()));
            where.add(a.get("incidentId").in(affected));
        }
        if (!scopeOnly) {
            if (!f.statuses().isEmpty()) {
                where.add(a.get("status").in(f.statuses()));
            }
            if (f.overdue()) {
                where.add(a.get("status").in(OPEN));
                where.add(cb.lessThan(a.get("dueDate"), today));
            }
            if (f.dueWithinDays() != null) {
                where.add(cb.between(a.get("dueDate"), today, today.plusDays(f.dueWithinDays())));
            }
            if (f.createdFrom() != null) {
                where.add(cb.greaterThanOrEqualTo(a.get("createdAt"), f.createdFromInstant(zone)));
            }
            if (f.createdTo() != null) {
                where.add(cb.lessThan(a.get("createdAt"), f.createdBeforeInstant(zone)));
            }
        }
        return where.toArray(Predicate[]::new);
    }

    /** The filter's who and what (owner, type, severity, service), with the joins they need, for grouped counts. */
    static Predicate[] scope(LedgerFilter filter, Root<ActionItem> a, AbstractQuery<?> query, CriteriaBuilder cb,
            LocalDate today, ZoneId zone) {
        From<?, ?> owner = filter.owner() != null ? a.join("owner") : null;
        Join<ActionItem, Incident> incident = filter.severity() != null ? incident(a, cb) : null;
        return where(filter, a, owner, incident, query, cb, today, zone, true);
    }

    /** 1 when the condition holds, else 0: summed, it counts rows in one pass. */
    static Expression<Long> countIf(CriteriaBuilder cb, Predicate condition) {
        return cb.sum(cb.<Long>selectCase().when(condition, 1L).otherwise(0L));
    }

    /** HIGH, MEDIUM, LOW as 0, 1, 2 (the stored names sort alphabetically, which is not the order people mean). */
    static Expression<Integer> priorityRank(CriteriaBuilder cb, Root<ActionItem> a) {
        return cb.<ActionPriority, Integer>selectCase(a.get("priority"))
                .when(ActionPriority.HIGH, 0).when(ActionPriority.MEDIUM, 1).otherwise(2);
    }

    /** The item's incident, joined by its id (an action item refers to its incident by id). */
    static Join<ActionItem, Incident> incident(Root<ActionItem> a, CriteriaBuilder cb) {
        Join<ActionItem, Incident> incident = a.join(Incident.class);
        incident.on(cb.equal(incident.get("id"), a.get("incidentId")));
        return incident;
    }
}
