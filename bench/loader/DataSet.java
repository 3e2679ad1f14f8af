import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The generated bench data, deterministic for a seed: the same rows every run, on every database.
 *
 * <p>Fixed points the measurements rely on (see bench/scenarios.tsv): INC-1 has exactly 100 timeline events,
 * INC-2 exactly 5,000; user {@code user001} is a MANAGER and owns about 1/200 of the action items; about three
 * quarters of the incident titles contain the word "error" (the text filter), so page 500 of the filtered list
 * exists in the large set. Times are anchored at a fixed instant, not "now", so the rows never change.
 */
final class DataSet {

    /** Where generated rows go: one call per row, in the column order of {@link #TABLES}. */
    interface Sink {
        void begin(String table, String... columns) throws Exception;

        void row(Object... values) throws Exception;

        void end() throws Exception;
    }

    static final Instant ANCHOR = Instant.parse("2025-06-01T00:00:00Z");
    static final long USER_BASE = 1000;
    static final String[] SERVICES = {"checkout", "payments", "search", "login", "api-gateway", "kafka", "postgres",
        "redis", "cdn", "dns", "load-balancer", "billing", "notifications", "email", "mobile-api", "web", "images",
        "recommendations", "inventory", "orders", "shipping", "auth", "sso", "reporting", "analytics", "metrics",
        "logging", "k8s-cluster", "object-storage", "queue-workers"};
    private static final String[] SYMPTOMS = {"elevated error rate", "5xx errors", "timeouts and errors",
        "error spikes after deploy", "errors for some users", "connection errors", "slow responses", "partial outage"};
    private static final String[] REGIONS = {"eu-west-1", "us-east-1", "ap-south-1", "all regions", "us-west-2"};
    private static final String[] PHRASES = {"Paged on-call for", "Checked dashboards of", "Rolled back the deploy of",
        "Restarted two pods of", "Saw `p99` rise on", "Customer reports about", "Failover started for",
        "Added capacity to", "Opened a bridge about", "Suspected a **bad config** in", "Ruled out the network for",
        "Error budget burn on", "Cache hit rate dropped on", "Traffic shifted away from"};
    private static final String[] KINDS = {"NOTE", "NOTE", "NOTE", "ALERT", "ACTION", "ACTION", "OBSERVATION",
        "OBSERVATION", "DECISION", "DEAD_END"};
    private static final String[] SEVERITIES = {"SEV1", "SEV2", "SEV2", "SEV3", "SEV3", "SEV3", "SEV4", "SEV4"};
    private static final String[] ACTION_TYPES = {"CORRECTIVE", "PREVENTIVE", "DETECTIVE", "PROCESS"};
    private static final String[] PRIORITIES = {"HIGH", "MEDIUM", "MEDIUM", "LOW"};

    final String name;
    final int users;
    final int incidents;
    final int events;
    final int actions;
    final int bigIncidents;
    final long seed;

    private DataSet(String name, int users, int incidents, int events, int actions, int bigIncidents, long seed) {
        this.name = name;
        this.users = users;
        this.incidents = incidents;
        this.events = events;
        this.actions = actions;
        this.bigIncidents = bigIncidents;
        this.seed = seed;
    }

    static DataSet named(String name, long seed) {
        return switch (name) {
            // small: the same shape at 1/200 of the incidents; still one 100-event and one 5,000-event incident
            case "small" -> new DataSet(name, 200, 100, 9_500, 1_000, 1, seed);
            case "large" -> new DataSet(name, 200, 20_000, 1_000_000, 200_000, 20, seed);
            default -> throw new IllegalArgumentException("data set is small or large, not " + name);
        };
    }

    /** Events per incident: INC-1 100, INC-2.. the big ones 5,000, the rest 10..100, summing to {@link #events}. */
    int[] eventCounts(Random random) {
        int[] counts = new int[incidents + 1];
        counts[1] = 100;
        long sum = 100;
        for (int i = 2; i < 2 + bigIncidents; i++) {
            counts[i] = 5_000;
            sum += 5_000;
        }
        for (int i = 2 + bigIncidents; i <= incidents; i++) {
            counts[i] = 10 + random.nextInt(71);
            sum += counts[i];
        }
        return adjust(counts, 2 + bigIncidents, events - sum, 10, 100, random);
    }

    /** Action items per incident, 0..20, summing to {@link #actions}. */
    int[] actionCounts(Random random) {
        int[] counts = new int[incidents + 1];
        long sum = 0;
        for (int i = 1; i <= incidents; i++) {
            counts[i] = random.nextInt(2 * actions / incidents + 1);
            sum += counts[i];
        }
        return adjust(counts, 1, actions - sum, 0, 2 * actions / incidents + 10, random);
    }

    private int[] adjust(int[] counts, int from, long diff, int min, int max, Random random) {
        while (diff != 0) {
            int i = from + random.nextInt(counts.length - from);
            if (diff > 0 && counts[i] < max) {
                counts[i]++;
                diff--;
            } else if (diff < 0 && counts[i] > min) {
                counts[i]--;
                diff++;
            }
        }
        return counts;
    }

    static String username(int n) {
        return String.format("user%03d", n);
    }

    /** Writes every table. {@code passwordHash} is the stored form ({bcrypt}…) of the bench users' password. */
    void write(Sink sink, String passwordHash, String tokenHash, String tokenHint) throws Exception {
        Random random = new Random(seed);
        sink.begin("app_user", "id", "username", "display_name", "email", "password_hash", "enabled", "time_zone",
                "created_at", "version");
        String[] zones = {"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"};
        for (int u = 1; u <= users; u++) {
            sink.row(USER_BASE + u, username(u), "Bench User " + u, username(u) + "@bench.example", passwordHash,
                    true, zones[u % zones.length], ANCHOR.minus(Duration.ofDays(2000)), 0L);
        }
        sink.end();
        sink.begin("app_user_role", "user_id", "role");
        for (int u = 1; u <= users; u++) {
            String role = u <= 10 ? "MANAGER" : u <= 150 ? "RESPONDER" : "VIEWER";
            sink.row(USER_BASE + u, role);
        }
        sink.end();
        sink.begin("api_token", "id", "user_id", "name", "token_hash", "token_hint", "created_at", "last_used_at");
        sink.row(1000L, USER_BASE + 1, "bench", tokenHash, tokenHint, ANCHOR, null);
        sink.end();

        sink.begin("affected_service", "id", "name");
        for (int s = 0; s < SERVICES.length; s++) {
            sink.row((long) s + 1, SERVICES[s]);
        }
        sink.end();

        int[] eventCounts = eventCounts(random);
        int[] actionCounts = actionCounts(random);
        // the incidents: one every ~2 hours (large) going back from the anchor, INC-1 the oldest
        Duration spacing = Duration.ofMinutes(Math.max(60, 5L * 365 * 24 * 60 / incidents));
        Instant[] started = new Instant[incidents + 1];
        Instant[] resolved = new Instant[incidents + 1];
        long[] commander = new long[incidents + 1];
        sink.begin("incident", "id", "title", "severity", "status", "started_at", "detected_at", "responded_at",
                "identified_at", "mitigated_at", "resolved_at", "impact", "users_affected_percent", "commander_id",
                "root_cause_summary", "root_cause", "resolution", "contributing_factors", "lessons", "created_at",
                "created_by", "updated_at", "revision", "version", "notes");
        for (int i = 1; i <= incidents; i++) {
            String service = SERVICES[random.nextInt(SERVICES.length)];
            // three titles in four name an error (indices 0..5), the others slow responses or a partial outage
            String symptom = random.nextInt(4) != 0 ? SYMPTOMS[random.nextInt(6)] : SYMPTOMS[6 + random.nextInt(2)];
            String title = service + ": " + symptom + " in " + REGIONS[random.nextInt(REGIONS.length)];
            Instant start = ANCHOR.minus(spacing.multipliedBy(incidents - i + 1))
                    .plusSeconds(random.nextInt(1800)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            // event spacing: 5,000-event incidents run ~2 days at 30 s, the others minutes apart
            long eventGap = eventCounts[i] >= 1000 ? 30 : 60 + random.nextInt(240);
            Instant end = start.plusSeconds(eventGap * (eventCounts[i] + 1));
            boolean open = i > incidents - Math.max(3, incidents / 200);
            String status = open ? (random.nextBoolean() ? "INVESTIGATING" : "IDENTIFIED")
                    : i > incidents - incidents / 20 ? "POSTMORTEM" : "CLOSED";
            long dur = Duration.between(start, end).getSeconds();
            started[i] = start;
            resolved[i] = end;
            commander[i] = USER_BASE + 1 + random.nextInt(users);
            sink.row((long) i, title, SEVERITIES[random.nextInt(SEVERITIES.length)], status, start,
                    start.plusSeconds(dur / 20), start.plusSeconds(dur / 10), open ? null : start.plusSeconds(dur / 3),
                    open ? null : start.plusSeconds(dur * 2 / 3), open ? null : end,
                    "Customers using **" + service + "** saw " + symptom + ". About " + (1 + random.nextInt(40))
                            + "% of requests failed.",
                    BigDecimal.valueOf(random.nextInt(10000), 2), commander[i],
                    open ? null : "A configuration change to " + service + " exhausted a connection pool",
                    open ? null : paragraph(random, service, 4),
                    open ? null : paragraph(random, service, 2),
                    open ? null : "- " + paragraph(random, service, 1) + "\n- " + paragraph(random, service, 1),
                    open ? null : paragraph(random, service, 2),
                    start, commander[i], open ? start : end, (long) eventCounts[i], 0L, null);
        }
        sink.end();

        sink.begin("incident_service", "incident_id", "service_id");
        Random links = new Random(seed + 1);
        for (int i = 1; i <= incidents; i++) {
            for (long s : distinct(links, 1 + links.nextInt(3), SERVICES.length)) {
                sink.row((long) i, s);
            }
        }
        sink.end();
        sink.begin("incident_responder", "incident_id", "user_id");
        for (int i = 1; i <= incidents; i++) {
            for (long u : distinct(links, 2 + links.nextInt(3), users)) {
                sink.row((long) i, USER_BASE + u);
            }
        }
        sink.end();

        sink.begin("timeline_event", "id", "incident_id", "occurred_at", "author_id", "text", "kind", "key_moments",
                "deleted", "created_at", "revision", "version");
        events(eventCounts, started, resolved, (id, i, e, at, author, text, kind, moments, deleted) ->
                sink.row(id, (long) i, at, author, text, kind, moments, deleted, at, (long) e + 1, 0L));
        sink.end();

        // the audit trail of the events, as the app writes it when one is posted (one row per event)
        sink.begin("audit_entry", "id", "at", "actor", "channel", "record_type", "record_id", "incident_id",
                "action", "field", "from_value", "to_value");
        long[] auditId = {0};
        events(eventCounts, started, resolved, (id, i, e, at, author, text, kind, moments, deleted) ->
                sink.row(++auditId[0], at, username((int) (author - USER_BASE)), e % 3 == 0 ? "API" : "PAGE",
                        "timeline event", String.valueOf(id), (long) i, "CREATED", "event", null,
                        kind + " " + at + ": " + text));
        sink.end();

        sink.begin("action_item", "id", "incident_id", "title", "details", "type", "category", "owner_id", "due_date",
                "priority", "status", "wont_do_reason", "completed_at", "tracker_url", "created_at", "created_by",
                "updated_at", "version");
        Random ac = new Random(seed + 3);
        long actionId = 0;
        for (int i = 1; i <= incidents; i++) {
            for (int a = 0; a < actionCounts[i]; a++) {
                int roll = ac.nextInt(100);
                String status = roll < 60 ? "DONE" : roll < 65 ? "WONT_DO" : roll < 90 ? "OPEN" : "IN_PROGRESS";
                Instant created = resolved[i].plusSeconds(3600 + ac.nextInt(86400));
                LocalDate due = created.atOffset(ZoneOffset.UTC).toLocalDate().plusDays(7 + ac.nextInt(84));
                Long owner = ac.nextInt(10) == 0 ? null : USER_BASE + 1 + ac.nextInt(users);
                String service = SERVICES[ac.nextInt(SERVICES.length)];
                sink.row(++actionId, (long) i, "Add an alert on " + service + " saturation (" + (a + 1) + ")",
                        ac.nextBoolean() ? null : paragraph(ac, service, 1), ACTION_TYPES[ac.nextInt(4)],
                        ac.nextInt(3) == 0 ? "TASK" : "IMPROVEMENT", owner, ac.nextInt(20) == 0 ? null : due,
                        PRIORITIES[ac.nextInt(PRIORITIES.length)], status,
                        status.equals("WONT_DO") ? "Superseded by the platform migration" : null,
                        status.equals("DONE") ? created.plusSeconds(86400L * (1 + ac.nextInt(60))) : null,
                        ac.nextInt(3) == 0 ? "https://tracker.example.com/T-" + actionId : null, created,
                        commander[i], created, 0L);
            }
        }
        sink.end();
    }

    /** One generated timeline event. */
    @FunctionalInterface
    interface EventRow {
        void accept(long id, int incident, int index, Instant at, long author, String text, String kind,
                String moments, boolean deleted) throws Exception;
    }

    /** The timeline events, the same on every call (their own random sequence), in id order. */
    private void events(int[] eventCounts, Instant[] started, Instant[] resolved, EventRow row) throws Exception {
        Random ev = new Random(seed + 2);
        long eventId = 0;
        for (int i = 1; i <= incidents; i++) {
            int n = eventCounts[i];
            long gap = Duration.between(started[i], resolved[i]).getSeconds() / (n + 1);
            for (int e = 0; e < n; e++) {
                Instant at = started[i].plusSeconds(gap * e);
                String moments = e == 0 ? "START" : e == n / 20 ? "IMPACT_DETECTED" : null;
                String text = PHRASES[ev.nextInt(PHRASES.length)] + " " + SERVICES[ev.nextInt(SERVICES.length)]
                        + (ev.nextInt(3) == 0 ? ": " + paragraph(ev, "the service", 1) : "") + " (#" + (e + 1) + ")";
                row.accept(++eventId, i, e, at, USER_BASE + 1 + ev.nextInt(users), text,
                        KINDS[ev.nextInt(KINDS.length)], moments, ev.nextInt(200) == 0);
            }
        }
    }

    private static Set<Long> distinct(Random random, int count, int bound) {
        Set<Long> picked = new LinkedHashSet<>();
        while (picked.size() < count) {
            picked.add(1L + random.nextInt(bound));
        }
        return picked;
    }

    private static String paragraph(Random random, String subject, int sentences) {
        List<String> parts = new ArrayList<>();
        for (int s = 0; s < sentences; s++) {
            parts.add(PHRASES[random.nextInt(PHRASES.length)] + " " + subject + " after "
                    + (2 + random.nextInt(58)) + " minutes of " + SYMPTOMS[random.nextInt(SYMPTOMS.length)] + ".");
        }
        return String.join(" ", parts);
    }
}
