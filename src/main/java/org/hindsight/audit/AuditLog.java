package org.hindsight.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

import org.hindsight.audit.AuditViews.AuditPage;
import org.hindsight.incident.IncidentService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads the trail: an incident's history (its own changes, its events' and its action items'), or a search. */
@Service
@Transactional(readOnly = true)
public class AuditLog {

    public static final int PAGE_SIZE = 50;

    private final EntityManager em;
    private final IncidentService incidents;

    AuditLog(EntityManager em, IncidentService incidents) {
        this.em = em;
        this.incidents = incidents;
    }

    /** What can narrow a search; each optional. {@code to} is exclusive. */
    public record AuditFilter(String actor, String type, Instant from, Instant to) {
    }

    /** The history of the incident with this key, newest first; 404 for an unknown key. */
    public AuditPage history(String key, int page) {
        long incidentId = incidents.idOf(key);
        return page((cb, e) -> List.of(cb.equal(e.get("incidentId"), incidentId)), page);
    }

    public AuditPage search(AuditFilter filter, int page) {
        return page((cb, e) -> {
            List<Predicate> where = new ArrayList<>();
            if (filter.actor() != null && !filter.actor().isBlank()) {
                where.add(cb.equal(e.get("actor"), filter.actor().strip()));
            }
            if (filter.type() != null && !filter.type().isBlank()) {
                where.add(cb.equal(e.get("recordType"), filter.type().strip()));
            }
            if (filter.from() != null) {
                where.add(cb.greaterThanOrEqualTo(e.get("at"), filter.from()));
            }
            if (filter.to() != null) {
                where.add(cb.lessThan(e.get("at"), filter.to()));
            }
            return where;
        }, page);
    }

    private interface Where {
        List<Predicate> of(CriteriaBuilder cb, Root<AuditEntry> entry);
    }

    private AuditPage page(Where where, int page) {
        int number = Math.max(0, Math.min(page, 100_000));
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<AuditEntry> select = cb.createQuery(AuditEntry.class);
        Root<AuditEntry> entry = select.from(AuditEntry.class);
        select.where(where.of(cb, entry).toArray(Predicate[]::new))
                .orderBy(cb.desc(entry.get("at")), cb.desc(entry.get("id")));
        List<AuditViews.AuditView> items = em.createQuery(select).setFirstResult(number * PAGE_SIZE)
                .setMaxResults(PAGE_SIZE).getResultList().stream().map(AuditEntry::view).toList();
        CriteriaQuery<Long> count = cb.createQuery(Long.class);
        Root<AuditEntry> counted = count.from(AuditEntry.class);
        count.select(cb.count(counted)).where(where.of(cb, counted).toArray(Predicate[]::new));
        return new AuditPage(items, number, PAGE_SIZE, em.createQuery(count).getSingleResult());
    }
}
