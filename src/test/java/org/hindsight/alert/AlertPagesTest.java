package org.hindsight.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import org.hindsight.alert.IntegrationViews.WithSecret;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.json.JsonMapper;

/**
 * What people see of received alerts: {@code /alerts} (any signed-in role), newest first with state, labels,
 * fingerprint, integration and a link to the incident; the raw notification as text; the incident page's alerts.
 */
@DatabaseTest
class AlertPagesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    IntegrationService integrations;

    @Autowired
    TestUsers users;

    @Autowired
    JsonMapper json;

    @Test
    void alertsPageIncidentPageAndRawPayload() throws Exception {
        WithSecret integration = integrations.create(TestUsers.unique("Prometheus <prod>"), AlertSource.ALERTMANAGER,
                null);
        String fingerprint = TestUsers.unique("fp-page");
        String payload = AlertIntakeTest.notification(TestUsers.unique("{}:{alertname=\"X\"}"), "firing",
                AlertIntakeTest.alert(fingerprint, "firing", "CheckoutLatency<script>", "checkout", "critical",
                        "2026-03-02T10:00:00Z", null));
        String answer = mvc.perform(post("/hooks/alerts/" + integration.integration().id())
                        .contentType(MediaType.APPLICATION_JSON)
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + integration.secret()).content(payload))
                .andReturn().getResponse().getContentAsString();
        String key = json.readTree(answer).get("declared").get(0).asString();
        HindsightUser viewer = users.create("alerts-viewer", Role.VIEWER);

        Document list = page("/alerts", viewer);
        Element row = list.selectFirst("tr:has(code:containsOwn(" + fingerprint + "))");
        assertThat(row).as("the alert is listed").isNotNull();
        assertThat(row.text()).contains("Firing").contains("CheckoutLatency<script>")
                .contains("service=checkout").contains(integration.integration().name());
        assertThat(row.select("a[href=/incidents/" + key + "]")).hasSize(1);
        assertThat(row.select("a[href^=http://prometheus:9090]")).hasSize(1);
        assertThat(list.select("script:containsData(CheckoutLatency)")).isEmpty();

        String payloadLink = row.select("a[href$=/payload]").attr("href");
        Document raw = page(payloadLink, viewer);
        assertThat(raw.select("pre.payload").text()).contains("\"fingerprint\":\"" + fingerprint + "\"")
                .contains("CheckoutLatency<script>");

        Document incident = page("/incidents/" + key, viewer);
        assertThat(incident.select("#alerts tr:has(code:containsOwn(" + fingerprint + "))")).hasSize(1);
        assertThat(incident.select("#alerts h2").text()).contains("1");
        assertThat(incident.select("#timeline-card").text()).contains("Alert firing").contains("CheckoutLatency");
    }

    @Test
    void anIncidentWithoutAlertsHasNoAlertsSection() throws Exception {
        HindsightUser responder = users.create("no-alerts", Role.RESPONDER);
        String location = mvc.perform(post("/api/incidents").with(user(responder))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"title\":\"Quiet\",\"severity\":\"SEV4\"}"))
                .andReturn().getResponse().getHeader(HttpHeaders.LOCATION);
        assertThat(page(location.replaceAll(".*(/incidents/)", "$1").replace("/api", ""), responder)
                .select("#alerts")).isEmpty();
    }

    @Test
    void anUnknownAlertsPayloadIsNotFound() throws Exception {
        HindsightUser viewer = users.create("alerts-404", Role.VIEWER);
        assertThat(mvc.perform(get("/alerts/999999999/payload").with(user(viewer))).andReturn().getResponse()
                .getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get("/alerts").param("page", "-1").with(user(viewer))).andReturn().getResponse()
                .getStatus()).isEqualTo(400);
    }

    @Test
    void rawPayloadsAreKeptThirtyDaysAndTheAlertsStay() throws Exception {
        WithSecret integration = integrations.create(TestUsers.unique("retention"), AlertSource.ALERTMANAGER, null);
        String fingerprint = TestUsers.unique("fp-old");
        mvc.perform(post("/hooks/alerts/" + integration.integration().id()).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + integration.secret())
                .content(AlertIntakeTest.notification(TestUsers.unique("g"), "firing", AlertIntakeTest.alert(
                        fingerprint, "firing", "Old", "api", "warning", "2026-03-02T10:00:00Z", null))));
        long id = integration.integration().id();
        java.time.Instant now = java.time.Instant.now();
        jdbc.update("update alert_notification set received_at = ? where integration_id = ?",
                java.sql.Timestamp.from(now.minus(java.time.Duration.ofDays(31))), id);
        jdbc.update("insert into alert_notification (integration_id, received_at, payload, truncated, alert_count) "
                + "values (?, ?, '{}', false, 0)", id, java.sql.Timestamp.from(now.minus(java.time.Duration.ofDays(29))));

        queries.forgetOldPayloads();

        assertThat(jdbc.queryForList("select received_at from alert_notification where integration_id = ?", id))
                .hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from alert where fingerprint = ? and notification_id is null",
                Integer.class, fingerprint)).isOne();
        HindsightUser viewer = users.create("alerts-old", Role.VIEWER);
        Document list = page("/alerts", viewer);
        Element row = list.selectFirst("tr:has(code:containsOwn(" + fingerprint + "))");
        assertThat(row).isNotNull();
        assertThat(row.select("a[href$=/payload]")).isEmpty();
    }

    @Autowired
    AlertQueries queries;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    private Document page(String path, HindsightUser viewer) throws Exception {
        var response = mvc.perform(get(path).with(user(viewer))).andReturn().getResponse();
        assertThat(response.getStatus()).as(path).isEqualTo(200);
        return Jsoup.parse(response.getContentAsString());
    }
}
