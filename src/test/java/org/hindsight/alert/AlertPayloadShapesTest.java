package org.hindsight.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hindsight.alert.IntegrationViews.WithSecret;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Grafana's and the generic payloads in their documented shapes (fixtures in {@code src/test/resources/alerts/}),
 * posted to an integration of their source, as a user then sees them: the incident's title, severity (the default
 * mapping) and services, one timeline event per firing and one per resolution with the sender's words and a link
 * back, the incident's alert list, the raw notification with Grafana's dashboard and panel links.
 */
@DatabaseTest
class AlertPayloadShapesTest {

    private static final String GRAFANA_RULE = "https://grafana.example.com/alerting/grafana/cpu-high/view?orgId=1";

    @Autowired
    MockMvc mvc;

    @Autowired
    IntegrationService integrations;

    @Autowired
    TestUsers users;

    @Autowired
    JsonMapper json;

    private HindsightUser viewer;

    @BeforeEach
    void aViewer() {
        viewer = users.create("shapes-viewer", Role.VIEWER);
    }

    @Test
    void grafanaFiringAndResolvedAreOneEventEachWithLinksBackToGrafana() throws Exception {
        WithSecret grafana = integrations.create(TestUsers.unique("Grafana"), AlertSource.GRAFANA, null);
        JsonNode firing = send(grafana, fixture("grafana-firing.json"));
        assertThat(firing.get("new").asInt()).isEqualTo(2);
        assertThat(firing.get("declared")).hasSize(1);
        String key = firing.get("declared").get(0).asString();

        JsonNode incident = api("/api/incidents/" + key);
        assertThat(incident.get("title").asString()).isEqualTo("High CPU");
        assertThat(incident.get("severity").asString()).isEqualTo("SEV1"); // critical and warning: the worst
        assertThat(strings(incident.get("services"))).containsExactly("checkout");
        assertThat(incident.get("startedAt").asString()).isEqualTo("2026-03-02T10:00:00Z");
        assertThat(incident.get("status").asString()).isEqualTo("INVESTIGATING");
        List<JsonNode> events = alertEvents(key);
        assertThat(events).extracting(e -> e.get("at").asString())
                .containsExactly("2026-03-02T10:00:00Z", "2026-03-02T10:02:00Z");
        assertThat(events.get(1).get("text").asString()).startsWith("**Alert firing:** High CPU")
                .contains("instance=checkout-1:9100").contains("(" + GRAFANA_RULE + ")");

        Document page = page("/incidents/" + key);
        Element timeline = page.getElementById("timeline");
        assertThat(timeline.text()).contains("Alert firing: High CPU — CPU above 90% on checkout-1 for 5 minutes")
                .contains("severity=critical").contains(grafana.integration().name());
        assertThat(timeline.select("a[href]")).extracting(a -> a.attr("href")).contains(GRAFANA_RULE);
        List<Element> rows = page.select("#alerts tbody tr");
        assertThat(rows).hasSize(2).allSatisfy(row -> {
            assertThat(row.text()).contains("Firing").contains("High CPU");
            assertThat(row.selectFirst("a").attr("href")).isEqualTo(GRAFANA_RULE);
        });

        // Grafana repeats the group: nothing new
        JsonNode repeat = send(grafana, fixture("grafana-firing.json"));
        assertThat(repeat.get("duplicate").asInt()).isEqualTo(2);
        assertThat(alertEvents(key)).hasSize(2);

        // the raw notification keeps what Grafana sent beyond the alert: dashboard, panel, silence, image, values
        String alertId = rows.get(0).id().substring("alert-".length());
        Document payload = page("/alerts/" + alertId + "/payload");
        assertThat(payload.selectFirst("pre.payload").text())
                .contains("\"dashboardURL\": \"https://grafana.example.com/d/checkout-hosts?orgId=1\"")
                .contains("\"panelURL\": \"https://grafana.example.com/d/checkout-hosts?orgId=1&viewPanel=4\"")
                .contains("silenceURL").contains("imageURL").contains("\"values\"");

        // resolved, twice: one "resolved" event per alert, at its end
        JsonNode resolved = send(grafana, fixture("grafana-resolved.json"));
        assertThat(resolved.get("resolved").asInt()).isEqualTo(2);
        assertThat(send(grafana, fixture("grafana-resolved.json")).get("resolved").asInt()).isZero();
        events = alertEvents(key);
        assertThat(events).hasSize(4);
        assertThat(events.stream().filter(e -> e.get("text").asString().contains("Alert resolved")))
                .extracting(e -> e.get("at").asString())
                .containsExactlyInAnyOrder("2026-03-02T10:21:30Z", "2026-03-02T10:25:00Z");
        assertThat(page("/incidents/" + key).select("#alerts tbody tr")).hasSize(2)
                .allSatisfy(row -> assertThat(row.text()).contains("Resolved"));
        assertThat(api("/api/incidents/" + key).get("status").asString()).isEqualTo("INVESTIGATING");
    }

    @Test
    void aGenericAlertAndItsRecovery() throws Exception {
        WithSecret generic = integrations.create(TestUsers.unique("Pingdom"), AlertSource.GENERIC, null);
        JsonNode firing = send(generic, fixture("generic-single.json"));
        assertThat(firing.get("new").asInt()).isOne();
        String key = firing.get("declared").get(0).asString();

        JsonNode incident = api("/api/incidents/" + key);
        assertThat(incident.get("title").asString()).isEqualTo("Checkout latency above 2 s");
        assertThat(incident.get("severity").asString()).isEqualTo("SEV2"); // high
        assertThat(strings(incident.get("services"))).containsExactly("checkout");
        assertThat(incident.get("startedAt").asString()).isEqualTo("2026-03-02T10:00:00Z");
        Element timeline = page("/incidents/" + key).getElementById("timeline");
        assertThat(timeline.text()).contains("Alert firing: Checkout latency above 2 s — p99 latency of POST"
                + " /checkout is 2.4 s (threshold 2 s) for 10 minutes.")
                .contains("monitoring_tool=Pingdom").contains("hosts=web-1.example.com,web-2.example.com");

        assertThat(send(generic, fixture("generic-single.json")).get("duplicate").asInt()).isOne();
        JsonNode recovery = send(generic, fixture("generic-recovery.json"));
        assertThat(recovery.get("resolved").asInt()).isOne();
        assertThat(recovery.get("declared")).isEmpty();
        assertThat(send(generic, fixture("generic-recovery.json")).get("resolved").asInt()).isZero();
        List<JsonNode> events = alertEvents(key);
        assertThat(events).extracting(e -> e.get("at").asString())
                .containsExactly("2026-03-02T10:00:00Z", "2026-03-02T10:30:00Z");
        assertThat(events.get(1).get("text").asString()).contains("Alert resolved")
                .contains("Checkout latency above 2 s");
        assertThat(page("/incidents/" + key).select("#alerts tbody tr")).singleElement()
                .satisfies(row -> assertThat(row.text()).contains("Resolved").contains("Checkout latency"));
    }

    @Test
    void aGenericArrayDeclaresOneIncidentPerAlertNameAndService() throws Exception {
        WithSecret generic = integrations.create(TestUsers.unique("Zabbix"), AlertSource.GENERIC, null);
        JsonNode answer = send(generic, fixture("generic-array.json"));
        assertThat(answer.get("new").asInt()).isEqualTo(2);
        assertThat(answer.get("declared")).hasSize(2);
        List<JsonNode> declared = new ArrayList<>();
        for (JsonNode key : answer.get("declared")) {
            declared.add(api("/api/incidents/" + key.asString()));
        }
        assertThat(declared).extracting(i -> i.get("title").asString() + " " + i.get("severity").asString() + " "
                + strings(i.get("services"))).containsExactlyInAnyOrder(
                        "Disk almost full SEV3 [orders-db]", // warning
                        "Nightly backup failed SEV4 [backup]"); // info: not mapped
        for (JsonNode key : answer.get("declared")) {
            assertThat(alertEvents(key.asString())).singleElement()
                    .satisfies(e -> assertThat(e.get("text").asString()).contains("Alert firing"));
        }
    }

    @Test
    void aGenericAlertWithoutFingerprintIsTheSameAlertWhateverItsTimesAndHosts() throws Exception {
        WithSecret generic = integrations.create(TestUsers.unique("certwatch"), AlertSource.GENERIC, null);
        ObjectNode alert = (ObjectNode) json.readTree(fixture("generic-no-fingerprint.json"));
        JsonNode first = send(generic, alert.toString());
        assertThat(first.get("new").asInt()).isOne();
        String key = first.get("declared").get(0).asString();
        JsonNode incident = api("/api/incidents/" + key);
        assertThat(incident.get("title").asString()).isEqualTo("TLS certificate expires in 7 days");
        assertThat(incident.get("severity").asString()).isEqualTo("SEV1"); // critical
        assertThat(strings(incident.get("services"))).containsExactly("edge");

        // sent again an hour later from another host: the same alert
        ObjectNode again = alert.deepCopy();
        again.put("start_time", "2026-03-02T09:00:00Z");
        again.putArray("hosts").add("lb-2.example.com").add("lb-3.example.com");
        JsonNode repeat = send(generic, again.toString());
        assertThat(repeat.get("duplicate").asInt()).isOne();
        assertThat(repeat.get("new").asInt()).isZero();
        assertThat(alertEvents(key)).hasSize(1);

        // another text is another alert (the same group: the same incident)
        ObjectNode other = alert.deepCopy();
        other.put("description", "The certificate of api.example.com expires on 2026-03-09.");
        JsonNode another = send(generic, other.toString());
        assertThat(another.get("new").asInt()).isOne();
        assertThat(another.get("declared")).isEmpty();
        assertThat(alertEvents(key)).hasSize(2);

        // the first one recovers: an end_time on the same content, whatever its hosts
        ObjectNode recovered = again.deepCopy();
        recovered.put("end_time", "2026-03-02T12:00:00Z");
        JsonNode recovery = send(generic, recovered.toString());
        assertThat(recovery.get("resolved").asInt()).isOne();
        List<JsonNode> events = alertEvents(key);
        assertThat(events).hasSize(3);
        assertThat(events.get(2).get("text").asString()).startsWith("**Alert resolved:**");
        assertThat(events.get(2).get("at").asString()).isEqualTo("2026-03-02T12:00:00Z");
        Document page = page("/incidents/" + key);
        assertThat(page.getElementById("timeline").text()).contains("Alert resolved: TLS certificate expires in 7"
                + " days — The certificate of shop.example.com expires on 2026-03-09.");
        assertThat(page.select("#alerts tbody tr")).extracting(Element::text)
                .hasSize(2).anySatisfy(text -> assertThat(text).contains("Resolved"))
                .anySatisfy(text -> assertThat(text).contains("Firing"));
    }

    @Test
    void theExamplesOfTheApiDescriptionAreAcceptedAsTheyAre() throws Exception {
        JsonNode examples = api("/api/openapi.json").get("paths").get("/hooks/alerts/{id}").get("post")
                .get("requestBody").get("content").get("application/json").get("examples");
        Map<String, AlertSource> sources = Map.of("alertmanager", AlertSource.ALERTMANAGER, "grafana",
                AlertSource.GRAFANA, "generic", AlertSource.GENERIC, "genericArray", AlertSource.GENERIC);
        assertThat(examples.propertyNames()).containsExactlyInAnyOrderElementsOf(sources.keySet());
        for (var example : sources.entrySet()) {
            JsonNode value = examples.get(example.getKey()).get("value");
            WithSecret integration = integrations.create(TestUsers.unique(example.getKey()), example.getValue(), null);
            JsonNode answer = send(integration, value.isString() ? value.asString() : value.toString());
            assertThat(answer.get("alerts").asInt()).as(example.getKey()).isOne();
            assertThat(answer.get("declared")).as(example.getKey())
                    .hasSize(example.getKey().equals("genericArray") ? 0 : 1);
        }
    }

    // ---- helpers

    private JsonNode send(WithSecret integration, String body) throws Exception {
        MockHttpServletResponse response = mvc.perform(post(IntegrationService.intakePath(
                integration.integration().id())).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + integration.secret()).content(body))
                .andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return json.readTree(response.getContentAsString());
    }

    private JsonNode api(String path) throws Exception {
        MockHttpServletResponse response = mvc.perform(get(path).with(user(viewer))).andReturn().getResponse();
        assertThat(response.getStatus()).as(path + ": " + response.getContentAsString()).isEqualTo(200);
        return json.readTree(response.getContentAsString());
    }

    /** The incident's ALERT events in time order, as the timeline API gives them. */
    private List<JsonNode> alertEvents(String key) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        api("/api/incidents/" + key + "/timeline").forEach(e -> {
            if (e.get("kind").asString().equals("ALERT")) {
                events.add(e);
            }
        });
        return events;
    }

    private Document page(String path) throws Exception {
        MockHttpServletResponse response = mvc.perform(get(path).with(user(viewer))).andReturn().getResponse();
        assertThat(response.getStatus()).as("GET " + path).isEqualTo(200);
        return Jsoup.parse(response.getContentAsString(StandardCharsets.UTF_8), "http://localhost" + path);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = AlertPayloadShapesTest.class.getResourceAsStream("/alerts/" + name)) {
            assertThat(in).as("fixture alerts/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
