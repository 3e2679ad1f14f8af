package org.hindsight.action;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.hindsight.incident.Severity;
import org.hindsight.system.DateRange;
import org.hindsight.system.ApiValidationException.FieldProblem;

/**
 * The ledger's filters and sort, every one optional, read from the query string so a view can be bookmarked.
 * {@code statuses} empty means any status; {@code unassigned} asks for items without an owner.
 */
record LedgerFilter(String owner, boolean unassigned, Set<ActionStatus> statuses, ActionType type, Severity severity,
        String service, boolean overdue, Integer dueWithinDays, LocalDate createdFrom, LocalDate createdTo,
        LedgerSort sort) {

    /** The statuses cannot change under a kept page that is keyed by this filter ({@code LedgerQueries}). */
    LedgerFilter {
        statuses = statuses == null ? null : java.util.Collections.unmodifiableSet(statuses);
    }

    /** The owner filter's value for "no owner" (a username cannot start with an underscore). */
    static final String UNASSIGNED = "_unassigned";
    /** The status filter's default: items still to do. */
    static final String OPEN = "open";
    static final String ANY = "any";
    static final int MAX_DUE_WITHIN_DAYS = 3650;

    /** How the ledger sorts; ties always by id, so pages never overlap. */
    enum LedgerSort {
        DUE, PRIORITY, AGE, NEWEST;

        public String param() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The query string as typed, every value a string, so a bad value is reported rather than failing the bind. */
    record Params(String owner, String status, String type, String severity, String service, String overdue,
            String dueWithinDays, String createdFrom, String createdTo, String sort) {

        static Params none() {
            return new Params(null, null, null, null, null, null, null, null, null, null);
        }

        /** The value given for a parameter, as typed, to quote it where it is refused. */
        public String value(String name) {
            return switch (name) {
                case "owner" -> owner;
                case "status" -> status;
                case "type" -> type;
                case "severity" -> severity;
                case "service" -> service;
                case "overdue" -> overdue;
                case "dueWithinDays" -> dueWithinDays;
                case "createdFrom" -> createdFrom;
                case "createdTo" -> createdTo;
                case "sort" -> sort;
                default -> null;
            };
        }
    }

    static LedgerFilter defaults() {
        return parse(Params.none(), new ArrayList<>());
    }

    /** Reads the parameters; a value that makes no sense adds a problem naming its parameter and is ignored. */
    static LedgerFilter parse(Params p, List<FieldProblem> problems) {
        String owner = blankToNull(p.owner());
        boolean unassigned = UNASSIGNED.equals(owner);
        if (owner != null && !unassigned) {
            owner = owner.toLowerCase(Locale.ROOT);
            if (owner.length() > 64) {
                problems.add(new FieldProblem("owner", "A username of at most 64 characters, or _unassigned."));
                owner = null;
            }
        }
        return new LedgerFilter(unassigned ? null : owner, unassigned, statuses(p.status(), problems),
                enumValue(ActionType.class, "type", p.type(), problems),
                enumValue(Severity.class, "severity", p.severity(), problems), service(p.service(), problems),
                "true".equalsIgnoreCase(blankToNull(p.overdue())) || "on".equalsIgnoreCase(blankToNull(p.overdue())),
                dueWithin(p.dueWithinDays(), problems), date("createdFrom", p.createdFrom(), problems),
                date("createdTo", p.createdTo(), problems), sort(p.sort(), problems));
    }

    private static Set<ActionStatus> statuses(String value, List<FieldProblem> problems) {
        String status = blankToNull(value);
        if (status == null || status.equalsIgnoreCase(OPEN)) {
            return EnumSet.of(ActionStatus.OPEN, ActionStatus.IN_PROGRESS);
        }
        if (status.equalsIgnoreCase(ANY)) {
            return EnumSet.noneOf(ActionStatus.class);
        }
        ActionStatus one = enumValue(ActionStatus.class, "status", status, problems);
        return one == null ? EnumSet.of(ActionStatus.OPEN, ActionStatus.IN_PROGRESS) : EnumSet.of(one);
    }

    /** The status parameter as it would be written back into a link. */
    public String statusParam() {
        if (statuses.isEmpty()) {
            return ANY;
        }
        if (statuses.equals(EnumSet.of(ActionStatus.OPEN, ActionStatus.IN_PROGRESS))) {
            return OPEN;
        }
        return statuses.iterator().next().name();
    }

    /**
     * Only who and what: owner, type, severity and service, all that the summary and the chart read (statuses,
     * overdue, due and creation dates and the sort back at their defaults), so also the key of their cache.
     */
    LedgerFilter scope() {
        return new LedgerFilter(owner, unassigned, Set.of(), type, severity, service, false, null, null, null,
                LedgerSort.DUE);
    }

    String ownerParam() {
        return unassigned ? UNASSIGNED : owner;
    }

    /** The filter as a query string (without defaults), for links to the same view: export, bulk form. */
    String query() {
        java.util.StringJoiner query = new java.util.StringJoiner("&");
        add(query, "owner", ownerParam());
        add(query, "status", OPEN.equals(statusParam()) ? null : statusParam());
        add(query, "type", type);
        add(query, "severity", severity);
        add(query, "service", service);
        add(query, "overdue", overdue ? "true" : null);
        add(query, "dueWithinDays", dueWithinDays);
        add(query, "createdFrom", createdFrom);
        add(query, "createdTo", createdTo);
        add(query, "sort", sort == LedgerSort.DUE ? null : sort.param());
        return query.toString();
    }

    private static void add(java.util.StringJoiner query, String name, Object value) {
        if (value != null) {
            query.add(name + "=" + java.net.URLEncoder.encode(value.toString(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String field, String value, List<FieldProblem> problems) {
        String text = blankToNull(value);
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(field, "One of " + List.of(type.getEnumConstants()) + "."));
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

    private static Integer dueWithin(String value, List<FieldProblem> problems) {
        String text = blankToNull(value);
        if (text == null) {
            return null;
        }
        try {
            int days = Integer.parseInt(text);
            if (days >= 0 && days <= MAX_DUE_WITHIN_DAYS) {
                return days;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(new FieldProblem("dueWithinDays", "A whole number of days from 0 to " + MAX_DUE_WITHIN_DAYS + "."));
        return null;
    }

    private static LocalDate date(String field, String value, List<FieldProblem> problems) {
        return DateRange.filterDate(field, value, problems);
    }

    private static LedgerSort sort(String value, List<FieldProblem> problems) {
        LedgerSort sort = enumValue(LedgerSort.class, "sort", value, problems);
        return sort == null ? LedgerSort.DUE : sort;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** The instant range of "created between", in the viewer's zone: [from 00:00, day after to 00:00). */
    java.time.Instant createdFromInstant(ZoneId zone) {
        return createdFrom == null ? null : createdFrom.atStartOfDay(zone).toInstant();
    }

    java.time.Instant createdBeforeInstant(ZoneId zone) {
        return createdTo == null ? null : createdTo.plusDays(1).atStartOfDay(zone).toInstant();
    }
}
