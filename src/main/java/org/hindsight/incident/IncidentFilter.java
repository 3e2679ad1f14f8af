package org.hindsight.incident;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.Predicate;

import org.springframework.data.jpa.domain.Specification;

/** The incident list's filters; every one optional. Bound from the query string, so a view can be shared. */
public record IncidentFilter(IncidentStatus status, Severity severity, String service, String q,
        PostmortemState postmortem) {

    public static IncidentFilter none() {
        return new IncidentFilter(null, null, null, null, null);
    }

    Specification<Incident> toSpecification() {
        return (root, query, cb) -> {
            List<Predicate> where = new ArrayList<>();
            if (status != null) {
                where.add(cb.equal(root.get("status"), status));
            }
            if (severity != null) {
                where.add(cb.equal(root.get("severity"), severity));
            }
            if (postmortem != null) {
                where.add(cb.equal(root.get("postmortemState"), postmortem));
            }
            if (service != null && !service.isBlank()) {
                Join<Incident, AffectedService> services = root.join("services");
                where.add(cb.equal(services.get("name"), service.trim().toLowerCase(Locale.ROOT)));
            }
            if (q != null && !q.isBlank()) {
                String pattern = "%" + escapeLike(q.trim().toLowerCase(Locale.ROOT)) + "%";
                where.add(cb.or(
                        cb.like(cb.lower(root.get("title")), pattern, '\\'),
                        cb.like(cb.lower(root.get("impact")), pattern, '\\'),
                        cb.like(cb.lower(root.get("rootCause")), pattern, '\\'),
                        cb.like(cb.lower(root.get("rootCauseSummary")), pattern, '\\')));
            }
            return cb.and(where.toArray(Predicate[]::new));
        };
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
