package org.hindsight.insights;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

import org.hindsight.incident.Severity;
import org.hindsight.system.ApiValidationException.FieldProblem;
import org.hindsight.system.DateRange;

/**
 * What insights covers: incidents that started from {@code from} to {@code to} (dates in the viewer's zone, both
 * included), of one severity and one affected service when given, grouped by month, severity or service. Read from the
 * query string, so a view can be bookmarked; a value that makes no sense is named in a problem and left at its default.
 */
record InsightsFilter(LocalDate from, LocalDate to, Severity severity, String service, GroupBy groupBy) {

    /** The longest range: 20 years of months is still a readable chart. */
    static final int MAX_YEARS = 20;
    /** Months before this one that the default range starts with: the last twelve months, this one included. */
    static final int DEFAULT_MONTHS = 12;

    enum GroupBy {
        MONTH, SEVERITY, SERVICE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The query string as typed, every value a string, so a bad value is reported rather than failing the bind. */
    record Params(String from, String to, String severity, String service, String groupBy) {

        static Params none() {
            return new Params(null, null, null, null, null);
        }

        /** The value given for a parameter, as typed, to quote it where it is refused. */
        public String value(String name) {
            return switch (name) {
                case "from" -> from;
                case "to" -> to;
                case "severity" -> severity;
                case "service" -> service;
                case "groupBy" -> groupBy;
                default -> null;
            };
        }
    }

    /** Reads the parameters, {@code today} being the viewer's; every problem names its parameter. */
    static InsightsFilter parse(Params p, LocalDate today, List<FieldProblem> problems) {
        LocalDate from = date("from", p.from(), problems);
        LocalDate to = date("to", p.to(), problems);
        if (to == null) {
            to = from != null && from.isAfter(today) ? from : today;
        }
        if (from == null) {
            from = to.withDayOfMonth(1).minusMonths(DEFAULT_MONTHS - 1L);
        }
        if (from.isAfter(to)) {
            problems.add(new FieldProblem("to", "A date on or after from (" + from + ")."));
            to = from;
        }
        if (from.plusYears(MAX_YEARS).isBefore(to)) {
            problems.add(new FieldProblem("from", "A range of at most " + MAX_YEARS + " years."));
            from = to.minusYears(MAX_YEARS);
        }
        GroupBy groupBy = enumValue(GroupBy.class, "groupBy", p.groupBy(), problems);
        return new InsightsFilter(from, to, enumValue(Severity.class, "severity", p.severity(), problems),
                service(p.service(), problems), groupBy == null ? GroupBy.MONTH : groupBy);
    }

    /** The first instant of the range: {@code from} at 00:00 in the viewer's zone. */
    Instant start(ZoneId zone) {
        return from.atStartOfDay(zone).toInstant();
    }

    /** The first instant after the range: the day after {@code to} at 00:00 in the viewer's zone. */
    Instant end(ZoneId zone) {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** Every month the range touches, in order. */
    List<YearMonth> months() {
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(from); !m.isAfter(YearMonth.from(to)); m = m.plusMonths(1)) {
            months.add(m);
        }
        return months;
    }

    /** The filter as a query string, every value written out, for links to the same view (CSV, API). */
    String query() {
        StringJoiner query = new StringJoiner("&");
        add(query, "from", from);
        add(query, "to", to);
        add(query, "severity", severity);
        add(query, "service", service);
        add(query, "groupBy", groupBy.id());
        return query.toString();
    }

    private static void add(StringJoiner query, String name, Object value) {
        if (value != null) {
            query.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
        }
    }

    private static LocalDate date(String field, String value, List<FieldProblem> problems) {
        return DateRange.filterDate(field, value, problems);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String field, String value,
            List<FieldProblem> problems) {
        String text = blankToNull(value);
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                names.add(type == GroupBy.class ? ((GroupBy) constant).id() : constant.name());
            }
            problems.add(new FieldProblem(field, "One of " + names + "."));
            return null;
        }
    }

    private static String service(String value, List<FieldProblem> problems) {
        String service = blankToNull(value);
        if (service != null && service.length() > 80) {
            problems.add(new FieldProblem("service", "A service name of at most 80 characters."));
            return null;
        }
        return service == null ? null : service.toLowerCase(Locale.ROOT);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
