package org.hindsight.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hindsight.alert.IntegrationViews.WithSecret;
import org.hindsight.incident.IncidentService;
import org.hindsight.support.Alertmanager;
import org.hindsight.support.TestDatabaseConfig;
import org.hindsight.support.TestUsers;
import org.hindsight.support.WebClient;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real Prometheus Alertmanager, configured with the repository's example ({@code deploy/alertmanager/}), sends
 * to the application on a loopback port: two groups (two alerts and one) declare two incidents with one "firing"
 * event per alert; Alertmanager's repeats add nothing; the alerts' resolution adds exactly one "resolved" event
 * each. Everything is checked as a user or a script sees it: the JSON API, the incident and alerts pages, the
 * Prometheus counters.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@ActiveProfiles("test")
@Tag("db")
@Import({TestDatabaseConfig.class, TestUsers.class})
class AlertmanagerIntakeTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    @Autowired
    IntegrationService integrations;

    @Autowired
    IncidentService incidents;

    @Autowired
    TestUsers users;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    @TempDir
    Path directory;

    private WebClient api;

    @Test
    void alertmanagersNotificationsBecomeIncidentsAndEventsExactlyOnce() throws Exception {
        String baseUrl = "http://127.0.0.1:" + port;
        WithSecret integration = integrations.create(TestUsers.unique("Prometheus"), AlertSource.ALERTMANAGER, null);
        long integrationId = integration.integration().id();
        HindsightUser viewer = users.create("am-viewer", Role.VIEWER);
        api = WebClient.basic(baseUrl, viewer.getUsername(), TestUsers.PASSWORD);

        String config = Alertmanager.configFor(Files.readString(Alertmanager.EXAMPLE, StandardCharsets.UTF_8),
                baseUrl + IntegrationService.intakePath(integrationId), integration.secret(), "1s", "1s", "2s");
        String errors = TestUsers.unique("HighErrorRate").replace('-', '_');
        String backlog = TestUsers.unique("QueueBacklog").replace('-', '_');
        // starting now: Alertmanager waits group_wait for the group's other alerts (an alert that started longer
        // than group_wait ago is sent at once, possibly alone)
        Instant startsAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<String> firing = List.of(
                alert(errors, "10.0.0.1:9100", "service", "api", "critical", "5% of requests fail", startsAt, null),
                alert(errors, "10.0.0.2:9100", "service", "web", "warning", "2% of requests fail", startsAt, null),
                alert(backlog, "10.0.0.3:9100", "job", "batch", "warning", "Queue 10 minutes behind", startsAt,
                        null));

        try (Alertmanager alertmanager = Alertmanager.start(directory, config)) {
            try {
                alertmanager.postAlerts("[" + String.join(",", firing) + "]");

                // two groups: two incidents, one "firing" event per alert
                Map<String, List<JsonNode>> events = await("two incidents with three firing events",
                        () -> alertEvents(integrationId),
                        found -> found.size() == 2 && count(found, "Alert firing") == 3);
                String errorsKey = keyWith(events, errors, 2);
                String backlogKey = keyWith(events, backlog, 1);
                JsonNode errorsIncident = json.readTree(api.get("/api/incidents/" + errorsKey).body());
                assertThat(errorsIncident.get("title").asString()).isEqualTo(errors);
                assertThat(errorsIncident.get("severity").asString()).isEqualTo("SEV1");
                assertThat(strings(errorsIncident.get("services"))).containsExactlyInAnyOrder("api", "web");
                // an incident's summary times are whole seconds
                Instant started = startsAt.truncatedTo(ChronoUnit.SECONDS);
                assertThat(Instant.parse(errorsIncident.get("startedAt").asString())).isEqualTo(started);
                assertThat(Instant.parse(errorsIncident.get("detectedAt").asString())).isEqualTo(started);
                assertThat(events.get(errorsKey)).filteredOn(e -> strings(e.get("tags")).contains("START"))
                        .hasSize(1);
                JsonNode backlogIncident = json.readTree(api.get("/api/incidents/" + backlogKey).body());
                assertThat(backlogIncident.get("title").asString()).isEqualTo("Queue 10 minutes behind");
                assertThat(backlogIncident.get("severity").asString()).isEqualTo("SEV3");
                assertThat(strings(backlogIncident.get("services"))).containsExactly("batch");

                // Alertmanager repeats each group every repeat_interval: at least twice each, and nothing new
                await("each group sent at least three times", () -> notificationsPerGroup(integrationId, errors,
                        backlog), sent -> sent.values().stream().allMatch(n -> n >= 3));
                events = alertEvents(integrationId);
                assertThat(events).containsOnlyKeys(errorsKey, backlogKey);
                assertThat(count(events, "Alert firing")).isEqualTo(3);
                assertThat(count(events, "Alert resolved")).isZero();
                assertThat(events.get(errorsKey)).hasSize(2);

                // the same alerts, ended a second ago: exactly one "resolved" event each, at their end
                Instant endsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
                alertmanager.postAlerts("[" + String.join(",", List.of(
                        alert(errors, "10.0.0.1:9100", "service", "api", "critical", "5% of requests fail",
                                startsAt, endsAt),
                        alert(errors, "10.0.0.2:9100", "service", "web", "warning", "2% of requests fail",
                                startsAt, endsAt),
                        alert(backlog, "10.0.0.3:9100", "job", "batch", "warning", "Queue 10 minutes behind",
                                startsAt, endsAt))) + "]");
                await("both groups' resolved notifications", () -> resolvedNotificationsPerGroup(integrationId,
                        errors, backlog), sent -> sent.values().stream().allMatch(n -> n >= 1));
                events = alertEvents(integrationId);
                assertThat(events).containsOnlyKeys(errorsKey, backlogKey);
                assertThat(count(events, "Alert firing")).isEqualTo(3);
                for (String instance : List.of("10.0.0.1:9100", "10.0.0.2:9100", "10.0.0.3:9100")) {
                    List<JsonNode> resolved = events.values().stream().flatMap(List::stream)
                            .filter(e -> e.get("text").asString().contains("Alert resolved")
                                    && e.get("text").asString().contains("instance=" + instance)).toList();
                    assertThat(resolved).as("resolved events of " + instance).hasSize(1);
                    assertThat(Instant.parse(resolved.get(0).get("at").asString())).isEqualTo(endsAt);
                }
                // recording only (the default): the incidents stay open for people to close
                JsonNode afterwards = json.readTree(api.get("/api/incidents/" + errorsKey).body());
                assertThat(afterwards.get("status").asString()).isEqualTo("INVESTIGATING");
                assertThat(afterwards.get("mitigatedAt").isNull()).isTrue();

                whatUsersSee(baseUrl, errorsKey, errors, backlog, integration.integration().name());
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n---- Alertmanager's log:\n" + alertmanager.log(), e);
            }
        }
    }

    @Test
    void theReadmeShowsTheExampleThisTestRuns() throws Exception {
        assertThat(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8))
                .contains("```yaml\n" + Files.readString(Alertmanager.EXAMPLE, StandardCharsets.UTF_8) + "```\n");
    }

    /** The incident page lists its alerts, /alerts all of them; the Prometheus counters count what happened. */
    private void whatUsersSee(String baseUrl, String errorsKey, String errors, String backlog, String integration) {
        WebClient browser = WebClient.browser(baseUrl);
        HindsightUser reader = users.create("am-reader", Role.VIEWER);
        assertThat(browser.signIn(reader.getUsername(), TestUsers.PASSWORD)).isEqualTo("/");
        Document incident = browser.page("/incidents/" + errorsKey);
        Element alerts = incident.getElementById("alerts");
        assertThat(alerts).as("the incident's alerts").isNotNull();
        assertThat(alerts.select("tbody tr")).hasSize(2).allSatisfy(row -> {
            assertThat(row.text()).contains(errors).contains("Resolved");
            assertThat(row.selectFirst("a[href]").attr("href")).isEqualTo("http://prometheus.example:9090/graph");
        });

        Document list = browser.page("/alerts");
        for (String name : List.of(errors, backlog)) {
            assertThat(list.select("table.alerts tbody tr").stream().filter(r -> r.text().contains(name)))
                    .as(name + " on /alerts").isNotEmpty().allSatisfy(row -> {
                        assertThat(row.text()).contains("Resolved").contains(integration);
                        assertThat(row.select("a[href^=/incidents/]")).isNotEmpty();
                    });
        }

        HindsightUser admin = users.create("am-admin", Role.ADMIN);
        String metrics = WebClient.basic(baseUrl, admin.getUsername(), TestUsers.PASSWORD)
                .get("/actuator/prometheus").body();
        assertThat(counter(metrics, "hindsight_alert_notifications_total", integration, "accepted"))
                .isGreaterThanOrEqualTo(8); // two first, at least four repeats, two resolutions
        assertThat(counter(metrics, "hindsight_alerts_total", integration, "new")).isEqualTo(3);
        assertThat(counter(metrics, "hindsight_alerts_total", integration, "duplicate")).isGreaterThanOrEqualTo(6);
        assertThat(counter(metrics, "hindsight_alerts_total", integration, "resolved")).isEqualTo(3);
    }

    /** The ALERT events of the incidents this integration's alerts belong to, by incident key, via the JSON API. */
    private Map<String, List<JsonNode>> alertEvents(long integrationId) {
        Map<String, List<JsonNode>> byKey = new LinkedHashMap<>();
        for (Long incidentId : jdbc.queryForList("select distinct incident_id from alert where integration_id = ?"
                + " and incident_id is not null order by incident_id", Long.class, integrationId)) {
            String key = incidents.label(incidentId).key();
            HttpResponse<String> answer = api.get("/api/incidents/" + key + "/timeline");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            List<JsonNode> events = new ArrayList<>();
            json.readTree(answer.body()).forEach(event -> {
                if (event.get("kind").asString().equals("ALERT")) {
                    events.add(event);
                }
            });
            byKey.put(key, events);
        }
        return byKey;
    }

    private static String keyWith(Map<String, List<JsonNode>> events, String alertName, int expected) {
        List<String> keys = events.entrySet().stream().filter(e -> e.getValue().stream()
                .anyMatch(event -> event.get("text").asString().contains("alertname=" + alertName)))
                .map(Map.Entry::getKey).toList();
        assertThat(keys).as("incidents of " + alertName).hasSize(1);
        assertThat(events.get(keys.get(0))).as("events of " + alertName).hasSize(expected);
        return keys.get(0);
    }

    private static long count(Map<String, List<JsonNode>> events, String what) {
        return events.values().stream().flatMap(List::stream)
                .filter(e -> e.get("text").asString().contains(what)).count();
    }

    private Map<String, Integer> notificationsPerGroup(long integrationId, String... alertNames) {
        return perGroup(integrationId, "", alertNames);
    }

    private Map<String, Integer> resolvedNotificationsPerGroup(long integrationId, String... alertNames) {
        return perGroup(integrationId, "\"status\":\"resolved\"", alertNames);
    }

    /** How many notifications Hindsight took in of each group (named by its alertname) that contain {@code also}. */
    private Map<String, Integer> perGroup(long integrationId, String also, String... alertNames) {
        List<String> payloads = jdbc.queryForList("select payload from alert_notification where integration_id = ?",
                String.class, integrationId);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String name : alertNames) {
            counts.put(name, (int) payloads.stream().filter(p -> p.contains(name) && p.contains(also)).count());
        }
        return counts;
    }

    private static double counter(String metrics, String name, String integration, String outcome) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "\\{integration=\"" + Pattern.quote(integration)
                + "\",outcome=\"" + outcome + "\"} (\\S+)$").matcher(metrics);
        assertThat(matcher.find()).as(name + " of " + integration + ", " + outcome + " in\n" + metrics).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    /** An alert as Prometheus posts it to Alertmanager's API; {@code endsAt} null while it fires. */
    private static String alert(String name, String instance, String serviceLabel, String service, String severity,
            String summary, Instant startsAt, Instant endsAt) {
        return """
                {"labels":{"alertname":"%s","instance":"%s","%s":"%s","severity":"%s"},
                 "annotations":{"summary":"%s"},"startsAt":"%s",%s
                 "generatorURL":"http://prometheus.example:9090/graph"}""".formatted(name, instance, serviceLabel,
                service, severity, summary, startsAt, endsAt == null ? "" : "\"endsAt\":\"" + endsAt + "\",");
    }

    /** Polls {@code probe} every 200 ms until {@code done}; fails after {@link #LIMIT} with what it saw last. */
    private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        T seen = probe.get();
        while (!done.test(seen)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited " + LIMIT.toSeconds() + " s for " + what + "; last seen: " + seen);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what, e);
            }
            seen = probe.get();
        }
        return seen;
    }
}
