package org.hindsight.insights;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;

import org.hindsight.action.ActionStatus;
import org.hindsight.incident.IncidentStatus;
import org.hindsight.incident.Severity;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The statements insights runs, four whatever the number of incidents: the incidents of the range with their summary
 * times (by the index on the start), their services, and their action items in two (one row per incident with its
 * counts; the few items done within a day and a half of their due date's end, whose being on time depends on the
 * viewer's zone). All filtered alike: started in [start, end), of the severity and with the service when given.
 */
@Component
@Transactional(readOnly = true)
class InsightsQueries {

    /** In any zone (offsets −18:00 to +18:00) a due date ends within this many seconds of its end in UTC. */
    static final long ZONE_SPREAD = 18 * 3600;

    private final EntityManager em;

    InsightsQueries(EntityManager em) {
        this.em = em;
    }

    /** An incident of the range with what insights reads of it. */
    record IncidentRow(long id, String title, Severity severity, IncidentStatus status, Instant startedAt,
            Instant detectedAt, Instant respondedAt, Instant mitigatedAt, Instant resolvedAt, long revision) {
    }

    List<IncidentRow> incidents(InsightsFilter filter, Instant start, Instant end) {
        var query = em.createQuery("select i.id, i.title, i.severity, i.status, i.startedAt, i.detectedAt,"
                + " i.respondedAt, i.mitigatedAt, i.resolvedAt, i.revision from Incident i"
                + (filter.service() == null ? "" : " join i.services s")
                + " where i.startedAt >= :start and i.startedAt < :end"
                + (filter.severity() == null ? "" : " and i.severity = :severity")
                + (filter.service() == null ? "" : " and s.name = :service")
                + " order by i.startedAt, i.id", Tuple.class);
        bind(query, filter, start, end);
        List<IncidentRow> rows = new ArrayList<>();
        for (Tuple t : query.getResultList()) {
            rows.add(new IncidentRow(t.get(0, Long.class), t.get(1, String.class), t.get(2, Severity.class),
                    t.get(3, IncidentStatus.class), t.get(4, Instant.class), t.get(5, Instant.class),
                    t.get(6, Instant.class), t.get(7, Instant.class), t.get(8, Instant.class), t.get(9, Long.class)));
        }
        return rows;
    }

    /** The services of the range's incidents, by incident id, each list by name. */
    Map<Long, List<String>> services(InsightsFilter filter, Instant start, Instant end) {
        var query = em.createQuery("select i.id, a.name from Incident i join i.services a"
                + (filter.service() == null ? "" : " join i.services s")
                + " where i.startedAt >= :start and i.startedAt < :end"
                + (filter.severity() == null ? "" : " and i.severity = :severity")
                + (filter.service() == null ? "" : " and s.name = :service")
                + " order by i.id, a.name", Tuple.class);
        bind(query, filter, start, end);
        Map<Long, List<String>> services = new HashMap<>();
        for (Tuple t : query.getResultList()) {
            services.computeIfAbsent(t.get(0, Long.class), id -> new ArrayList<>()).add(t.get(1, String.class));
        }
        return services;
    }

    /**
     * The action items of the range's incidents, counted per incident id ({@link ItemCounts}). An item done before
     * its due date's end in every zone is done by it, one done after that end in every zone is not: the database
     * counts those. The few between (done within {@link #ZONE_SPREAD} of the due date's end in UTC) are read one by
     * one and judged by their completion date in the viewer's zone. A done item without a completion time counts as
     * done by its due date.
     */
    Map<Long, ItemCounts> actionItems(InsightsFilter filter, Instant start, Instant end, LocalDate today,
            ZoneId zone) {
        String dueEnd = "EXTRACT(EPOCH FROM a.due_date) + 86400";
        String completed = "EXTRACT(EPOCH FROM a.completed_at)";
        Query counts = em.createNativeQuery("SELECT a.incident_id, COUNT(*),"
                + " SUM(CASE WHEN a.status = :done THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN a.status = :done AND (a.due_date IS NULL OR a.completed_at IS NULL"
                + " OR " + completed + " < " + dueEnd + " - " + ZONE_SPREAD + ") THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN a.status IN (:open, :inProgress) AND a.due_date < :today THEN 1 ELSE 0 END)"
                + " FROM action_item a JOIN incident i ON i.id = a.incident_id"
                + where(filter) + " GROUP BY a.incident_id");
        bindNative(counts, filter, start, end);
        counts.setParameter("done", ActionStatus.DONE.name());
        counts.setParameter("open", ActionStatus.OPEN.name());
        counts.setParameter("inProgress", ActionStatus.IN_PROGRESS.name());
        counts.setParameter("today", today);
        Map<Long, ItemCounts> items = new LinkedHashMap<>();
        for (Object row : counts.getResultList()) {
            Object[] r = (Object[]) row;
            items.put(number(r[0]), new ItemCounts(number(r[1]), number(r[2]), number(r[3]), number(r[4])));
        }
        Query between = em.createNativeQuery("SELECT a.incident_id, a.due_date, a.completed_at"
                + " FROM action_item a JOIN incident i ON i.id = a.incident_id" + where(filter)
                + " AND a.status = :done AND a.due_date IS NOT NULL"
                + " AND " + completed + " >= " + dueEnd + " - " + ZONE_SPREAD
                + " AND " + completed + " < " + dueEnd + " + " + ZONE_SPREAD);
        bindNative(between, filter, start, end);
        between.setParameter("done", ActionStatus.DONE.name());
        for (Object row : between.getResultList()) {
            Object[] r = (Object[]) row;
            if (!LocalDate.ofInstant(instant(r[2]), zone).isAfter(date(r[1]))) {
                items.merge(number(r[0]), new ItemCounts(0, 0, 1, 0), ItemCounts::plus);
            }
        }
        return items;
    }

    private static String where(InsightsFilter filter) {
        return " WHERE i.started_at >= :start AND i.started_at < :end"
                + (filter.severity() == null ? "" : " AND i.severity = :severity")
                + (filter.service() == null ? "" : " AND EXISTS (SELECT 1 FROM incident_service s"
                        + " JOIN affected_service f ON f.id = s.service_id"
                        + " WHERE s.incident_id = i.id AND f.name = :service)");
    }

    private static void bind(Query query, InsightsFilter filter, Instant start, Instant end) {
        query.setParameter("start", start);
        query.setParameter("end", end);
        if (filter.severity() != null) {
            query.setParameter("severity", filter.severity());
        }
        if (filter.service() != null) {
            query.setParameter("service", filter.service());
        }
    }

    private static void bindNative(Query query, InsightsFilter filter, Instant start, Instant end) {
        query.setParameter("start", start);
        query.setParameter("end", end);
        if (filter.severity() != null) {
            query.setParameter("severity", filter.severity().name());
        }
        if (filter.service() != null) {
            query.setParameter("service", filter.service());
        }
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** A timestamp as the JDBC driver hands it to a native query. */
    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        } else if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        } else if (value instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        } else if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("Not a timestamp: " + value.getClass());
    }

    private static LocalDate date(Object value) {
        if (value instanceof LocalDate date) {
            return date;
        } else if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        throw new IllegalStateException("Not a date: " + value.getClass());
    }
}
