package org.hindsight.search;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import org.hindsight.incident.IncidentStatus;
import org.hindsight.incident.Severity;

/** Native queries and the values of their rows, as each database's driver returns them. */
final class Rows {

    private Rows() {
    }

    /** The rows of {@code sql}, its named parameters ({@code :name}; a collection fills an IN list) bound. */
    @SuppressWarnings("unchecked")
    static List<Object[]> list(EntityManager entityManager, String sql, Map<String, ?> parameters) {
        Query query = entityManager.createNativeQuery(sql);
        parameters.forEach(query::setParameter);
        return query.getResultList();
    }

    static Instant instant(Object value) {
        if (value == null || value instanceof Instant) {
            return (Instant) value;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof ZonedDateTime time) {
            return time.toInstant();
        }
        if (value instanceof Timestamp time) {
            return time.toInstant();
        }
        throw new IllegalArgumentException("Not a time: " + value.getClass());
    }

    static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    static double decimal(Object value) {
        return value == null ? 0 : ((Number) value).doubleValue();
    }

    static Long id(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    static Severity severity(Object value) {
        return Severity.valueOf((String) value);
    }

    static IncidentStatus status(Object value) {
        return IncidentStatus.valueOf((String) value);
    }
}
