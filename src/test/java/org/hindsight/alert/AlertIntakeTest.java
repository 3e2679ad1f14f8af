package org.hindsight.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.hindsight.alert.IntegrationViews.WithSecret;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.incident.Severity;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.timeline.EventKind;
import org.hindsight.timeline.KeyMoment;
import org.hindsight.timeline.TimelineService;
import org.hindsight.timeline.TimelineViews.TimelineRow;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The intake of Alertmanager notifications: a new group declares one incident with its start and detection at the
 * earliest alert; each fingerprint's firing and resolution are one event each however often the sender repeats
 * them; a refire after resolving is a new event; simultaneous first notifications declare exactly one incident.
 */
@DatabaseTest
class AlertIntakeTest {

    private static final String T0 = "2026-03-02T10:00:00Z";

    @Autowired
    MockMvc mvc;

    @Autowired
    IntegrationService integrations;

    @Autowired
    AlertIntake intake;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    @Autowired
    TestUsers users;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private WithSecret integration;
    private HindsightUser viewer;

    @BeforeEach
    void anAlertmanager() {
        integration = integrations.create(TestUsers.unique("am"), AlertSource.ALERTMANAGER, null);
        viewer = users.create("alert-viewer", Role.VIEWER);
    }

    @Test
    void aNewGroupDeclaresAnIncidentAndRepeatsAddNothing() throws Exception {
        String group = TestUsers.unique("{}:{alertname=\"HighErrorRate\"}");
        String payload = notification(group, "firing",
                alert("fp-a", "firing", "HighErrorRate", "api", "critical", "2026-03-02T10:00:00Z", null),
                alert("fp-b", "firing", "HighErrorRate", "web", "warning", "2026-03-02T09:58:30Z", null));
        JsonNode first = send(payload, 200);
        assertThat(first.get("new").asInt()).isEqualTo(2);
        assertThat(first.get("declared")).hasSize(1);
        String key = first.get("declared").get(0).asString();

        IncidentDetails incident = incidents.details(key);
        assertThat(incident.severity()).isEqualTo(Severity.SEV1);
        assertThat(incident.startedAt()).isEqualTo(Instant.parse("2026-03-02T09:58:30Z"));
        assertThat(incident.detectedAt()).isEqualTo(Instant.parse("2026-03-02T09:58:30Z"));
        assertThat(incident.services()).containsExactlyInAnyOrder("api", "web");
        List<TimelineRow> events = alertEvents(incident.id());
        assertThat(events).hasSize(2);
        assertThat(events.get(0).keyMoments()).containsExactlyInAnyOrder(KeyMoment.START, KeyMoment.IMPACT_DETECTED);
        assertThat(events.get(0).text()).contains("Alert firing").contains("HighErrorRate").contains("service=web");

        // Alertmanager repeats the group every repeat_interval: nothing new
        JsonNode repeat = send(payload, 200);
        assertThat(repeat.get("new").asInt()).isZero();
        assertThat(repeat.get("duplicate").asInt()).isEqualTo(2);
        assertThat(repeat.get("declared")).isEmpty();
        assertThat(alertEvents(incident.id())).hasSize(2);

        // one resolves (twice, and a stale firing arrives after it): one "resolved" event at its endsAt
        String resolved = notification(group, "firing",
                alert("fp-a", "resolved", "HighErrorRate", "api", "critical", T0, "2026-03-02T10:20:00Z"),
                alert("fp-b", "firing", "HighErrorRate", "web", "warning", "2026-03-02T09:58:30Z", null));
        assertThat(send(resolved, 200).get("resolved").asInt()).isEqualTo(1);
        send(resolved, 200);
        send(payload, 200); // out of order: the firing of fp-a from before its resolution
        events = alertEvents(incident.id());
        assertThat(events).hasSize(3);
        assertThat(events.get(2).text()).contains("Alert resolved");
        assertThat(events.get(2).at()).isEqualTo(Instant.parse("2026-03-02T10:20:00Z"));

        // fires again after resolving: a new event in the same, still open, incident
        JsonNode refire = send(notification(group, "firing",
                alert("fp-a", "firing", "HighErrorRate", "api", "critical", "2026-03-02T10:40:00Z", null)), 200);
        assertThat(refire.get("new").asInt()).isEqualTo(1);
        assertThat(refire.get("declared")).isEmpty();
        assertThat(alertEvents(incident.id())).hasSize(4);
    }

    @Test
    void repeatsOfAStartGivenInNanosecondsAddNothing() throws Exception {
        // Alertmanager and Grafana write times with nanoseconds; the database keeps microseconds (rounded)
        String group = TestUsers.unique("{}:{alertname=\"Nanos\"}");
        for (String startsAt : List.of("2026-03-02T10:00:00.667461234Z", "2026-03-02T10:05:00.667461734Z")) {
            String fingerprint = TestUsers.unique("fp-nanos");
            String service = TestUsers.unique("nanos");
            String payload = notification(group, "firing",
                    alert(fingerprint, "firing", "Nanos", service, "warning", startsAt, null));
            assertThat(send(payload, 200).get("new").asInt()).isEqualTo(1);
            for (int repeat = 0; repeat < 3; repeat++) {
                JsonNode again = send(payload, 200);
                assertThat(again.get("new").asInt()).as("repeat %d of %s", repeat, startsAt).isZero();
                assertThat(again.get("duplicate").asInt()).isEqualTo(1);
            }
            assertThat(jdbc.queryForObject("select count(*) from timeline_event where kind = 'ALERT' and text like ?",
                    Integer.class, "%service=" + service + "%")).as("events of " + startsAt).isOne();
        }
    }

    @Test
    void aGroupWhoseIncidentWasResolvedDeclaresANewOne() throws Exception {
        String group = TestUsers.unique("{}:{alertname=\"DiskFull\"}");
        String key = send(notification(group, "firing",
                alert("fp-d", "firing", "DiskFull", "db", "error", T0, null)), 200).get("declared").get(0).asString();
        HindsightUser manager = users.create("alert-manager", Role.MANAGER);
        incidents.changeStatus(manager, key, org.hindsight.incident.IncidentStatus.RESOLVED);

        JsonNode next = send(notification(group, "firing",
                alert("fp-e", "firing", "DiskFull", "db", "error", "2026-03-02T11:00:00Z", null)), 200);
        assertThat(next.get("declared")).hasSize(1);
        assertThat(next.get("declared").get(0).asString()).isNotEqualTo(key);
        assertThat(incidents.details(next.get("declared").get(0).asString()).severity()).isEqualTo(Severity.SEV2);
    }

    @Test
    void simultaneousFirstNotificationsOfANewGroupDeclareExactlyOneIncident() throws Exception {
        Integration stored = integrations.find(integration.integration().id());
        String group = TestUsers.unique("{}:{alertname=\"Race\"}");
        int senders = 6;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<AlertIntake.Outcome>> results = new ArrayList<>();
        try {
            for (int i = 0; i < senders; i++) {
                String fingerprint = "race-" + i;
                Callable<AlertIntake.Outcome> send = () -> {
                    start.await();
                    return intake.receive(stored, "{}", List.of(new IncomingAlert(fingerprint, AlertStatus.FIRING,
                            Map.of("alertname", "Race", "service", "api"), "Race", null, null,
                            Instant.parse(T0), null, group)));
                };
                results.add(pool.submit(send));
            }
            start.countDown();
            List<String> declared = new ArrayList<>();
            for (Future<AlertIntake.Outcome> result : results) {
                declared.addAll(result.get(60, TimeUnit.SECONDS).declared());
            }
            assertThat(declared).hasSize(1);
            long incidentId = incidents.idOf(declared.get(0));
            assertThat(alertEvents(incidentId)).hasSize(senders);
            assertThat(jdbc.queryForObject("select count(distinct incident_id) from alert where integration_id = ?",
                    Long.class, stored.getId())).isOne();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badRequestsAreProblemsAndWriteNothing() throws Exception {
        long id = integration.integration().id();
        String valid = notification("g", "firing", alert("fp-x", "firing", "X", "api", "critical", T0, null));
        Integer before = jdbc.queryForObject("select count(*) from alert_notification", Integer.class);
        assertProblem(mvc.perform(post("/hooks/alerts/" + id).contentType(MediaType.APPLICATION_JSON)
                .content(valid)).andReturn().getResponse(), 401, null);
        assertProblem(mvc.perform(post("/hooks/alerts/" + id).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, "Bearer hsa_wrong").content(valid)).andReturn().getResponse(),
                401, null);
        assertProblem(mvc.perform(post("/hooks/alerts/999999999").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, bearer()).content(valid)).andReturn().getResponse(), 404, null);
        assertProblem(raw("{\"alerts\": [", 400), 400, null);
        assertProblem(raw("{\"alerts\": [{\"status\": \"firing\", \"labels\": {}, \"startsAt\": \"yesterday\"}]}", 422),
                422, "alerts[0].startsAt");
        assertProblem(raw("{\"alerts\": 3}", 422), 422, "alerts");
        assertProblem(raw("{\"alerts\": [], \"padding\": \"" + "x".repeat(1_100_000) + "\"}", 413), 413, null);
        assertThat(jdbc.queryForObject("select count(*) from alert_notification", Integer.class)).isEqualTo(before);

        integrations.setEnabled(id, false);
        assertProblem(mvc.perform(post("/hooks/alerts/" + id).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, bearer()).content(valid)).andReturn().getResponse(), 403, null);
        assertThat(jdbc.queryForObject("select count(*) from alert where integration_id = ?", Integer.class, id))
                .isZero();
        // counted as rejected: 2 × 401, 400, 2 × 422 (one of them holding one alert), 413, 403; the 404 names none
        String name = integration.integration().name();
        assertThat(meters.get("hindsight.alert.notifications").tag("integration", name).tag("outcome", "rejected")
                .counter().count()).isEqualTo(7);
        assertThat(meters.get("hindsight.alerts").tag("integration", name).tag("outcome", "rejected").counter()
                .count()).isEqualTo(1);
    }

    @Test
    void whatNoDatabaseCanStoreIsRefusedNamingTheFieldAndWritesNothing() throws Exception {
        Integer before = jdbc.queryForObject("select count(*) from alert_notification", Integer.class);
        String nul = notification("g-nul", "firing", alert("fp-nul", "firing", "Nul", "api\\u0000x", "critical",
                T0, null));
        assertProblem(raw(nul, 422), 422, "alerts[0].labels.service");
        String farFuture = notification("g-far", "firing", alert("fp-far", "firing", "Far", "api", "critical",
                "+300000-01-01T00:00:00Z", null));
        assertProblem(raw(farFuture, 422), 422, "alerts[0].startsAt");
        String ancient = notification("g-old", "firing", alert("fp-old", "firing", "Old", "api", "critical",
                "1900-01-01T00:00:00Z", null));
        assertProblem(raw(ancient, 422), 422, "alerts[0].startsAt");
        MockHttpServletResponse utf16 = mvc.perform(post("/hooks/alerts/" + integration.integration().id())
                .contentType(MediaType.APPLICATION_JSON).header(HttpHeaders.AUTHORIZATION, bearer())
                .content(notification("g-16", "firing", alert("fp-16", "firing", "Wide", "api", "critical", T0, null))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_16))).andReturn().getResponse();
        assertProblem(utf16, 400, null);
        assertThat(jdbc.queryForObject("select count(*) from alert_notification", Integer.class)).isEqualTo(before);
    }

    @Test
    void aServiceLabelTooLongToBeAServiceNameDoesNotLoseTheNotification() throws Exception {
        String longService = "s".repeat(120);
        JsonNode answer = send(notification(TestUsers.unique("g-long"), "firing",
                alert("fp-long", "firing", "LongService", longService, "warning", T0, null),
                alert("fp-short", "firing", "LongService", "checkout", "warning", T0, null)), 200);
        assertThat(answer.get("new").asInt()).isEqualTo(2);
        assertThat(incidents.details(answer.get("declared").get(0).asString()).services()).containsExactly("checkout");
    }

    @Test
    void aRefireWhoseResolutionNeverArrivedIsANewEventAndANewIncidentOnceTheOldOneIsResolved() throws Exception {
        String group = TestUsers.unique("{}:{alertname=\"Flap\"}");
        String key = send(notification(group, "firing",
                alert("fp-flap", "firing", "Flap", "api", "warning", "2026-03-02T10:00:00Z", null),
                alert("fp-steady", "firing", "Flap", "api", "critical", "2026-03-02T09:00:00Z", null)), 200)
                .get("declared").get(0).asString();
        HindsightUser manager = users.create("flap-manager", Role.MANAGER);
        incidents.changeStatus(manager, key, org.hindsight.incident.IncidentStatus.RESOLVED);
        // the resolution of fp-flap was lost; it fires again, and fp-steady is still the same firing
        JsonNode again = send(notification(group, "firing",
                alert("fp-flap", "firing", "Flap", "api", "warning", "2026-03-02T11:00:00Z", null),
                alert("fp-steady", "firing", "Flap", "api", "critical", "2026-03-02T09:00:00Z", null)), 200);
        assertThat(again.get("new").asInt()).isEqualTo(1);
        assertThat(again.get("duplicate").asInt()).isEqualTo(1);
        String next = again.get("declared").get(0).asString();
        IncidentDetails incident = incidents.details(next);
        // made of the alert that fired anew only: its start, its severity, and the key moments on its event
        assertThat(incident.startedAt()).isEqualTo(Instant.parse("2026-03-02T11:00:00Z"));
        assertThat(incident.severity()).isEqualTo(Severity.SEV3);
        List<TimelineRow> events = alertEvents(incident.id());
        assertThat(events).hasSize(1);
        assertThat(events.get(0).keyMoments()).containsExactlyInAnyOrder(KeyMoment.START, KeyMoment.IMPACT_DETECTED);
    }

    @Test
    void aLinkThatCouldBreakOutOfItsMarkdownIsLeftOut() throws Exception {
        String injected = alert("fp-link", "firing", "Link", "api", "warning", T0, null)
                .replace("http://prometheus:9090/graph?g0.expr=up",
                        "http://x/\\n\\n# Resolved\\n[Runbook](https://evil.example)");
        String key = send(notification(TestUsers.unique("g-link"), "firing", injected), 200).get("declared").get(0)
                .asString();
        TimelineRow event = alertEvents(incidents.idOf(key)).get(0);
        assertThat(event.text()).doesNotContain("evil.example").doesNotContain("[Source]");
    }

    @Test
    void aNotificationOfAThousandAlertsIsAccepted() throws Exception {
        String group = TestUsers.unique("{}:{alertname=\"Storm\"}");
        StringBuilder alerts = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            alerts.append(i == 0 ? "" : ",").append(alert("storm-" + i, "firing", "Storm", "svc-" + (i % 7),
                    "warning", T0, null));
        }
        JsonNode answer = send(notification(group, "firing", alerts.toString()), 200);
        assertThat(answer.get("new").asInt()).isEqualTo(1_000);
        assertThat(alertEvents(incidents.idOf(answer.get("declared").get(0).asString()))).hasSize(1_000);
        // the incident page lists the first 200 and says how many there are
        HindsightUser reader = users.create("storm-reader", Role.VIEWER);
        String page = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .get("/incidents/" + answer.get("declared").get(0).asString())
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .user(reader))).andReturn().getResponse().getContentAsString();
        org.jsoup.nodes.Document document = org.jsoup.Jsoup.parse(page);
        assertThat(document.select("#alerts tbody tr")).hasSize(200);
        assertThat(document.select("#alerts h2").text()).contains("1,000");
        assertThat(document.select("#alerts .hint").text()).contains("200 of 1,000");
    }

    private List<TimelineRow> alertEvents(long incidentId) {
        return timeline.timeline(viewer, incidentId).rows().stream().filter(r -> r.kind() == EventKind.ALERT)
                .toList();
    }

    private MockHttpServletResponse raw(String body, int expected) throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/hooks/alerts/" + integration.integration().id())
                .contentType(MediaType.APPLICATION_JSON).header(HttpHeaders.AUTHORIZATION, bearer()).content(body))
                .andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(expected);
        return response;
    }

    private void assertProblem(MockHttpServletResponse response, int status, String field) throws Exception {
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(json.readTree(response.getContentAsString()).get("field").asString()).isEqualTo(field);
        }
    }

    private JsonNode send(String payload, int expected) throws Exception {
        return json.readTree(raw(payload, expected).getContentAsString());
    }

    private String bearer() {
        return "Bearer " + integration.secret();
    }

    static String notification(String groupKey, String status, String... alerts) {
        return """
                {"version":"4","groupKey":%s,"truncatedAlerts":0,"status":"%s","receiver":"hindsight",
                 "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://alertmanager:9093",
                 "alerts":[%s]}""".formatted(quote(groupKey), status, String.join(",", alerts));
    }

    static String alert(String fingerprint, String status, String name, String service, String severity,
            String startsAt, String endsAt) {
        return """
                {"status":"%s","labels":{"alertname":"%s","service":"%s","severity":"%s"},
                 "annotations":{"summary":"%s on %s"},"startsAt":"%s","endsAt":"%s",
                 "generatorURL":"http://prometheus:9090/graph?g0.expr=up","fingerprint":"%s"}""".formatted(status, name,
                service, severity, name, service, startsAt, endsAt == null ? "0001-01-01T00:00:00Z" : endsAt,
                fingerprint);
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
