package org.hindsight.incident;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.Predicate;

import org.hibernate.query.criteria.HibernateCriteriaBuilder;
import org.springframework.data.jpa.domain.Specification;

/**
 * The incident list's filters; every one optional. Bound from the query string, so a view can be shared. {@code q}
 * is a search (words, "quoted phrases", -exclusions), matched by the search module ({@link IncidentTextFilter}).
 */
public record IncidentFilter(IncidentStatus status, Severity severity, String service, String q,
        PostmortemState postmortem) {

    public static IncidentFilter none() {
        return new IncidentFilter(null, null, null, null, null);
    }

    /**
     * Runs {@code read}, a read of the incidents this filter lets through: limited as a search is
     * ({@link IncidentTextFilter#limited}) when it has words to match, else as it is.
     */
    <T> T read(IncidentTextFilter text, java.util.function.Supplier<T> read) {
        return hasWords() ? text.limited(read) : read.get();
    }

    /** Filtered by words to match (the search's matching). */
    boolean hasWords() {
        return q != null && !q.isBlank();
    }

    /** Filtered by an affected service. */
    boolean hasService() {
        return service != null && !service.isBlank();
    }

    Specification<Incident> toSpecification(IncidentTextFilter text) {
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
            if (hasService()) {
                Join<Incident, AffectedService> services = root.join("services");
                where.add(cb.equal(services.get("name"), service.trim().toLowerCase(Locale.ROOT)));
            }
            if (hasWords()) {
                IncidentTextFilter.Condition condition = text.condition(q);
                List<Expression<?>> arguments = new ArrayList<>();
                arguments.add(root.get("id"));
                condition.arguments().forEach(value -> arguments.add(cb.literal(value)));
                where.add(cb.isTrue(((HibernateCriteriaBuilder) cb).sql(condition.sql(), Boolean.class,
                        arguments.toArray(Expression[]::new))));
            }
            return cb.and(where.toArray(Predicate[]::new));
        };
    }
}
