package org.hindsight.insights;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.hindsight.incident.IncidentKey;
import org.hindsight.incident.IncidentViews.Durations;
import org.hindsight.incident.Severity;
import org.hindsight.insights.InsightsQueries.IncidentRow;
import org.hindsight.timeline.DeadEndTimes;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The figures of {@code /insights}, its CSV and its API, from the statements of {@link InsightsQueries} and the
 * dead-end times of {@link DeadEndTimes}: one pass over the range's incidents in memory, whatever the grouping.
 */
@Service
@Transactional(readOnly = true)
class Insights {

    /** The group of the incidents without an affected service (a service name has no spaces). */
    static final String NO_SERVICE = "(no service)";
    /** Incidents a service needs in the range to recur. */
    static final int RECURS_AT = 2;

    private final InsightsQueries queries;
    private final DeadEndTimes deadEnds;

    Insights(InsightsQueries queries, DeadEndTimes deadEnds) {
        this.queries = queries;
        this.deadEnds = deadEnds;
    }

    /** An incident as insights sees it: where it falls, what it counts for, why it is left out. */
    record Facts(String key, String title, Severity severity, Instant startedAt, YearMonth month,
            List<String> services, Durations durations, long deadEndSeconds, List<TimeCheck> reasons,
            ItemCounts items) {

        boolean averaged() {
            return reasons.isEmpty();
        }
    }

    /** The figures of one group of incidents (a month, a severity or a service). */
    record Group(String key, long incidents, Stat timeToDetect, Stat timeToRespond, Stat timeToMitigate,
            Stat timeToResolve, Stat deadEndSeconds, ItemCounts actionItems, Map<Severity, Long> bySeverity) {
    }

    /** An incident left out of the time figures, with every reason. */
    record Excluded(String key, String title, Instant startedAt, List<TimeCheck> reasons) {

        /** The reasons in words, as the API and the CSV give them. */
        String reason() {
            return reasons.stream().map(TimeCheck::text).collect(Collectors.joining("; "));
        }
    }

    /** An incident named in a list. */
    record IncidentRef(String key, String title, Instant startedAt) {
    }

    /** A service with {@link #RECURS_AT} or more incidents in the range, its incidents newest first. */
    record Recurrence(String service, List<IncidentRef> incidents, ItemCounts actionItems) {
    }

    /** Everything the page, the CSV and the API show for one filter, in the viewer's zone. */
    record Report(InsightsFilter filter, ZoneId zone, long incidents, List<Group> groups, List<Group> months,
            List<Excluded> excluded, List<Recurrence> recurrence) {
    }

    Report report(InsightsFilter filter, ZoneId zone, LocalDate today) {
        Instant start = filter.start(zone);
        Instant end = filter.end(zone);
        List<IncidentRow> rows = queries.incidents(filter, start, end);
        Map<Long, List<String>> services = queries.services(filter, start, end);
        Map<Long, ItemCounts> items = queries.actionItems(filter, start, end, today, zone);
        Map<Long, Long> revisions = new LinkedHashMap<>();
        rows.forEach(r -> revisions.put(r.id(), r.revision()));
        Map<Long, Long> lost = deadEnds.seconds(revisions);
        List<Facts> facts = new ArrayList<>(rows.size());
        for (IncidentRow r : rows) {
            facts.add(new Facts(IncidentKey.format(r.id()), r.title(), r.severity(), r.startedAt(),
                    YearMonth.from(r.startedAt().atZone(zone)), services.getOrDefault(r.id(), List.of()),
                    Durations.of(r.startedAt(), r.detectedAt(), r.respondedAt(), r.mitigatedAt(), r.resolvedAt()),
                    lost.getOrDefault(r.id(), 0L),
                    TimeCheck.of(r.status(), r.startedAt(), r.detectedAt(), r.respondedAt(), r.mitigatedAt(),
                            r.resolvedAt()),
                    items.getOrDefault(r.id(), ItemCounts.NONE)));
        }
        List<Group> months = byMonth(filter, facts);
        List<Group> groups = switch (filter.groupBy()) {
            case MONTH -> months;
            case SEVERITY -> bySeverity(facts);
            case SERVICE -> byService(facts);
        };
        List<Excluded> excluded = facts.stream().filter(f -> !f.averaged())
                .map(f -> new Excluded(f.key(), f.title(), f.startedAt(), f.reasons())).toList();
        return new Report(filter, zone, facts.size(), groups, months, excluded, recurrence(facts));
    }

    private static List<Group> byMonth(InsightsFilter filter, List<Facts> facts) {
        Map<YearMonth, List<Facts>> byMonth = facts.stream().collect(Collectors.groupingBy(Facts::month));
        return filter.months().stream().map(m -> group(m.toString(), byMonth.getOrDefault(m, List.of()))).toList();
    }

    private static List<Group> bySeverity(List<Facts> facts) {
        Map<Severity, List<Facts>> bySeverity = facts.stream().collect(Collectors.groupingBy(Facts::severity));
        List<Group> groups = new ArrayList<>();
        for (Severity s : Severity.values()) {
            groups.add(group(s.name(), bySeverity.getOrDefault(s, List.of())));
        }
        return groups;
    }

    /** A group per service named by the range's incidents, by name; an incident with several is in each. */
    private static List<Group> byService(List<Facts> facts) {
        Map<String, List<Facts>> byService = new TreeMap<>();
        for (Facts f : facts) {
            for (String service : f.services().isEmpty() ? List.of(NO_SERVICE) : f.services()) {
                byService.computeIfAbsent(service, s -> new ArrayList<>()).add(f);
            }
        }
        List<Group> groups = new ArrayList<>();
        byService.forEach((service, in) -> {
            if (!service.equals(NO_SERVICE)) {
                groups.add(group(service, in));
            }
        });
        if (byService.containsKey(NO_SERVICE)) {
            groups.add(group(NO_SERVICE, byService.get(NO_SERVICE)));
        }
        return groups;
    }

    static Group group(String key, List<Facts> facts) {
        List<Facts> averaged = facts.stream().filter(Facts::averaged).toList();
        Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            bySeverity.put(s, facts.stream().filter(f -> f.severity() == s).count());
        }
        return new Group(key, facts.size(), stat(averaged, Durations::toDetectSeconds),
                stat(averaged, Durations::toRespondSeconds), stat(averaged, Durations::toMitigateSeconds),
                stat(averaged, Durations::toResolveSeconds),
                Stat.of(averaged.stream().map(Facts::deadEndSeconds).toList()),
                facts.stream().map(Facts::items).reduce(ItemCounts.NONE, ItemCounts::plus), bySeverity);
    }

    /** The durations the incidents have (an ongoing one may lack the later ones). */
    private static Stat stat(List<Facts> facts, Function<Durations, Long> duration) {
        return Stat.of(facts.stream().map(f -> duration.apply(f.durations())).filter(s -> s != null).toList());
    }

    /** Services with two or more incidents, most incidents first, then by name. */
    private static List<Recurrence> recurrence(List<Facts> facts) {
        Map<String, List<Facts>> byService = new TreeMap<>();
        for (Facts f : facts) {
            f.services().forEach(s -> byService.computeIfAbsent(s, k -> new ArrayList<>()).add(f));
        }
        return byService.entrySet().stream().filter(e -> e.getValue().size() >= RECURS_AT)
                .sorted(Comparator.comparing((Map.Entry<String, List<Facts>> e) -> e.getValue().size()).reversed()
                        .thenComparing(Map.Entry::getKey))
                .map(e -> new Recurrence(e.getKey(), e.getValue().stream()
                        .sorted(Comparator.comparing(Facts::startedAt).reversed())
                        .map(f -> new IncidentRef(f.key(), f.title(), f.startedAt())).toList(),
                        e.getValue().stream().map(Facts::items).reduce(ItemCounts.NONE, ItemCounts::plus)))
                .toList();
    }
}
