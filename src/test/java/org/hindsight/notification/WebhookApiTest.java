package org.hindsight.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.action.ActionItemService;
import org.hindsight.action.ActionPriority;
import org.hindsight.action.ActionStatus;
import org.hindsight.action.ActionType;
import org.hindsight.alert.AlertSource;
import org.hindsight.alert.IntegrationService;
import org.hindsight.alert.IntegrationViews;
import org.hindsight.example.ExampleIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.postmortem.review.PostmortemReviews;
import org.hindsight.postmortem.review.Verdict;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhooks' API and pages: the secret shown once (and stored so it can sign), bad settings refused naming the
 * field, the delivery log, the test message, which changes are announced to which webhooks (events, severities,
 * nothing for a refused change), the postmortem's publication and the overdue check (once per item and due date).
 */
@DatabaseTest
@Import(WebhookClock.class)
class WebhookApiTest {

    private static final String API = "/api/webhooks";

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestUsers users;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DeliveryWorker worker;

    @Autowired
    OverdueAnnouncer overdue;

    @Autowired
    IncidentService incidents;

    @Autowired
    ActionItemService actions;

    @Autowired
    PostmortemReviews reviews;

    @Autowired
    ApplicationContext context;

    @Autowired
    IntegrationService integrations;

    private WebhookCalls api;
    private Receiver receiver;
    private HindsightUser admin;
    private HindsightUser manager;

    @BeforeEach
    void setUp() throws Exception {
        jdbc.update("DELETE FROM webhook");
        api = new WebhookCalls(mvc, json);
        receiver = new Receiver();
        admin = users.create("hookapi-admin", Role.ADMIN);
        manager = users.create("hookapi-manager", Role.MANAGER);
    }

    @AfterEach
    void tearDown() {
        receiver.close();
        jdbc.update("DELETE FROM webhook");
    }

    @Test
    void theSecretIsShownOnceAndKeptOnlyWhereItSigns() throws Exception {
        String token = "T0001/B0001/abcdefSECRETTOKEN";
        MockHttpServletResponse response = api.send(HttpMethod.POST, API, Map.of("name", "#incidents", "url",
                "https://hooks.slack.com/services/" + token, "format", "slack", "events", List.of("status_changed",
                        "INCIDENT_DECLARED"), "severities", List.of("SEV2", "SEV1")), admin);
        assertThat(response.getStatus()).isEqualTo(201);
        JsonNode created = json.readTree(response.getContentAsString(StandardCharsets.UTF_8));
        long id = created.get("id").asLong();
        assertThat(response.getHeader("Location")).isEqualTo("http://localhost/api/webhooks/" + id);
        String secret = created.get("secret").asString();
        assertThat(secret).startsWith("hsw_").hasSize(4 + 43);
        assertThat(created.get("secretHint").asString()).isEqualTo(secret.substring(0, 8));
        assertThat(created.get("format").asString()).isEqualTo("SLACK");
        assertThat(created.get("events").toString()).isEqualTo("[\"INCIDENT_DECLARED\",\"STATUS_CHANGED\"]");
        assertThat(created.get("severities").toString()).isEqualTo("[\"SEV1\",\"SEV2\"]");
        assertThat(created.get("enabled").asBoolean()).isTrue();

        for (JsonNode read : List.of(api.call(HttpMethod.GET, API, null, admin, 200).get(0),
                api.call(HttpMethod.GET, API + "/" + id, null, admin, 200))) {
            assertThat(read.has("secret")).isFalse();
            assertThat(read.toString()).doesNotContain(secret);
            assertThat(read.get("url").asString()).endsWith(token);
        }
        // the key that signs is kept as it is (README), and nowhere else: not in the audit trail, not the token either
        assertThat(jdbc.queryForObject("SELECT secret FROM webhook WHERE id = ?", String.class, id)).isEqualTo(secret);
        List<String> trail = jdbc.queryForList("SELECT COALESCE(field, '') || '=' || COALESCE(to_value, '')"
                + " FROM audit_entry WHERE record_type = 'webhook' AND record_id = ?", String.class, id + " #incidents");
        assertThat(trail).anySatisfy(e -> assertThat(e).startsWith("url=https://hooks.slack.com/\u2026 #"))
                .noneSatisfy(e -> assertThat(e).contains(token))
                .noneSatisfy(e -> assertThat(e).contains(secret));
        // the page shows it once too
        String page = mvc.perform(get("/admin/webhooks/" + id).with(user(admin))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).doesNotContain(secret).contains(secret.substring(0, 8));
    }

    @Test
    void badSettingsAreA400NamingTheField() throws Exception {
        Map<String, Object> good = new LinkedHashMap<>();
        good.put("name", "checks");
        good.put("url", receiver.url("/checks"));
        good.put("format", "GENERIC");
        good.put("events", List.of("INCIDENT_DECLARED"));
        Map<String, Object[]> bad = new LinkedHashMap<>();
        bad.put("url", new Object[] {"ftp://example.com/hook", "not a url", "javascript:alert(1)", "//example.com/x",
                "https://user:pw@example.com/x", "http:///nohost", "https://example.com/" + "x".repeat(2000), ""});
        bad.put("format", new Object[] {"SMOKE_SIGNALS", "", 3});
        bad.put("events", new Object[] {List.of("INCIDENT_EXPLODED"), List.of(), "INCIDENT_DECLARED", null});
        bad.put("severities", new Object[] {List.of("SEV9"), List.of("SEV1", "urgent")});
        bad.put("name", new Object[] {"", "x".repeat(101)});
        for (Map.Entry<String, Object[]> field : bad.entrySet()) {
            for (Object value : field.getValue()) {
                Map<String, Object> body = new HashMap<>(good);
                body.put(field.getKey(), value);
                JsonNode problem = api.call(HttpMethod.POST, API, body, admin, 400);
                List<String> fields = new ArrayList<>();
                if (problem.has("errors")) {
                    problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
                } else {
                    fields.add(problem.get("field").asString());
                }
                assertThat(fields).as("%s = %s", field.getKey(), value).containsExactly(field.getKey());
            }
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook", Integer.class)).isZero();

        // a name taken is a 422 naming it; a patch is checked the same way
        long id = api.call(HttpMethod.POST, API, good, admin, 201).get("id").asLong();
        assertThat(api.call(HttpMethod.POST, API, good, admin, 422).get("field").asString()).isEqualTo("name");
        assertThat(api.call(HttpMethod.PATCH, API + "/" + id, Map.of("url", "file:///etc/passwd", "version", 0), admin,
                400).get("errors").get(0).get("field").asString()).isEqualTo("url");
        assertThat(api.call(HttpMethod.PATCH, API + "/" + id, Map.of("events", "KEY_MOMENT", "version", 0), admin,
                400).get("errors").get(0).get("field").asString()).isEqualTo("events");
        assertThat(api.call(HttpMethod.PATCH, API + "/" + id, Map.of("colour", "red", "version", 0), admin,
                400).get("errors").get(0).get("field").asString()).isEqualTo("colour");
        JsonNode patched = api.call(HttpMethod.PATCH, API + "/" + id, Map.of("format", "DISCORD", "events",
                List.of("KEY_MOMENT"), "severities", List.of("SEV1"), "enabled", false, "version", 0), admin, 200);
        assertThat(patched.get("format").asString()).isEqualTo("DISCORD");
        assertThat(patched.get("enabled").asBoolean()).isFalse();
        assertThat(api.call(HttpMethod.PATCH, API + "/" + id, Map.of("name", "stale", "version", 0), admin, 409)
                .get("current").get("format").asString()).isEqualTo("DISCORD");
        api.call(HttpMethod.DELETE, API + "/" + id, null, admin, 204);
        api.call(HttpMethod.GET, API + "/" + id, null, admin, 404);
    }

    @Test
    void theTestMessageAndTheDeliveryLogNewestFirst() throws Exception {
        long id = api.webhook(admin, "log", receiver.url("/log"), "TEAMS", List.of("INCIDENT_DECLARED"), null)
                .get("id").asLong();
        String key = api.declare(manager, "Logged", "SEV2");
        JsonNode test = api.call(HttpMethod.POST, API + "/" + id + "/test", null, admin, 202);
        assertThat(test.get("event").asString()).isEqualTo("TEST");
        assertThat(test.get("state").asString()).isEqualTo("PENDING");
        assertThat(test.get("attempts").asInt()).isZero();
        assertThat(worker.deliverDue()).isEqualTo(2);

        JsonNode log = api.deliveries(admin, id);
        assertThat(log.size()).isEqualTo(2);
        assertThat(log.get(0).get("event").asString()).as("newest first").isEqualTo("TEST");
        assertThat(log.get(0).get("summary").asString()).isEqualTo("Test message: this webhook reaches its receiver.");
        assertThat(log.get(1).get("event").asString()).isEqualTo("INCIDENT_DECLARED");
        assertThat(log.get(1).get("summary").asString()).isEqualTo(key + " Incident declared");
        for (JsonNode delivery : log) {
            assertThat(delivery.get("state").asString()).isEqualTo("DELIVERED");
            assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
            assertThat(delivery.get("lastStatus").asInt()).isEqualTo(200);
            assertThat(delivery.get("createdAt").asString()).isNotEmpty();
            assertThat(delivery.get("attemptLog").get(0).get("outcome").asString()).isEqualTo("DELIVERED");
        }
        JsonNode page = api.call(HttpMethod.GET, API + "/" + id + "/deliveries?page=1&size=1", null, admin, 200);
        assertThat(page.get("total").asInt()).isEqualTo(2);
        assertThat(page.get("items").get(0).get("event").asString()).isEqualTo("INCIDENT_DECLARED");
        JsonNode card = json.readTree(receiver.received("/log").get(1).body());
        assertThat(card.get("attachments").get(0).get("content").get("body").get(0).get("text").asString())
                .isEqualTo("Hindsight");

        String page2 = mvc.perform(get("/admin/webhooks/" + id).with(user(admin))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page2).contains(key + " Incident declared").contains("delivered");
    }

    @Test
    void eachWebhookIsToldWhatItAskedFor() throws Exception {
        long grave = api.webhook(admin, "grave", receiver.url("/grave"), "GENERIC", List.of("INCIDENT_DECLARED",
                "STATUS_CHANGED"), List.of("SEV1", "SEV2")).get("id").asLong();
        long off = api.webhook(admin, "off", receiver.url("/off"), "GENERIC", List.of("INCIDENT_DECLARED",
                "STATUS_CHANGED", "SEVERITY_CHANGED"), null).get("id").asLong();
        api.call(HttpMethod.PATCH, API + "/" + off, Map.of("enabled", false, "version", 0), admin, 200);

        api.declare(manager, "Minor", "SEV3");
        String major = api.declare(manager, "Major", "SEV1");
        api.patch(manager, major, Map.of("severity", "SEV2")); // not asked for
        api.patch(manager, major, Map.of("status", "IDENTIFIED"));
        // recorded after the fact (as an import): not announced as declared
        api.call(HttpMethod.POST, "/api/incidents", Map.of("title", "Last week's", "severity", "SEV1", "status",
                "RESOLVED"), manager, 201);
        // refused changes announce nothing
        long version = api.call(HttpMethod.GET, "/api/incidents/" + major, null, manager, 200).get("version").asLong();
        api.call(HttpMethod.PATCH, "/api/incidents/" + major, Map.of("status", "RESOLVED", "version", version - 1),
                manager, 409);
        api.call(HttpMethod.POST, "/api/incidents", Map.of("title", "Bad commander", "severity", "SEV1", "commander",
                "nobody-at-all"), manager, 422);

        worker.deliverDue();
        List<String> told = new ArrayList<>();
        api.deliveries(admin, grave).forEach(d -> told.add(d.get("summary").asString()));
        assertThat(told).containsExactly(major + " Status changed: Investigating \u2192 Identified",
                major + " Incident declared");
        assertThat(api.deliveries(admin, off).size()).as("a disabled webhook").isZero();
        assertThat(receiver.received("/off")).isEmpty();
    }

    @Test
    void anIncidentAnAlertDeclaredNamesItsIntegration() throws Exception {
        api.webhook(admin, "alerts", receiver.url("/alerts"), "GENERIC", List.of("INCIDENT_DECLARED"), null);
        IntegrationViews.WithSecret integration = integrations.create(TestUsers.unique("pingdom"), AlertSource.GENERIC,
                null);
        long integrationId = integration.integration().id();
        mvc.perform(post("/hooks/alerts/" + integrationId).header("Authorization", "Bearer " + integration.secret())
                .contentType("application/json").content("{\"title\":\"Disk full on db-2\",\"severity\":\"critical\"}"))
                .andExpect(status().isOk());
        worker.deliverDue();
        JsonNode body = json.readTree(receiver.received("/alerts").get(0).body());
        assertThat(body.get("event").asString()).isEqualTo("INCIDENT_DECLARED");
        assertThat(body.get("actor").asString()).isEqualTo("alert integration " + integrationId);
        assertThat(body.get("incident").get("title").asString()).isEqualTo("Disk full on db-2");
        assertThat(body.get("incident").get("severity").asString()).isEqualTo("SEV1");
    }

    @Test
    void publishingThePostmortemIsAnnounced() throws Exception {
        long id = api.webhook(admin, "published", receiver.url("/published"), "GENERIC",
                List.of("POSTMORTEM_PUBLISHED"), null).get("id").asLong();
        String key = ExampleIncident.load(context);
        HindsightUser reviewer = users.create("hookapi-reviewer", Role.VIEWER);
        reviews.requestReview(manager, key, List.of(reviewer.getUsername()));
        reviews.verdict(reviewer, key, Verdict.APPROVE, null);
        api.call(HttpMethod.POST, "/api/incidents/" + key + "/postmortem/publish", Map.of(), manager, 200);
        worker.deliverDue();
        JsonNode body = json.readTree(receiver.received("/published").get(0).body());
        assertThat(body.get("event").asString()).isEqualTo("POSTMORTEM_PUBLISHED");
        assertThat(body.get("text").asString()).isEqualTo("Postmortem published: version 1");
        assertThat(body.get("incident").get("key").asString()).isEqualTo(key);
        assertThat(body.get("change").get("to").asString()).isEqualTo("1");
        assertThat(api.deliveries(admin, id).size()).isEqualTo(1);
    }

    @Test
    void anOverdueItemIsAnnouncedOncePerDueDate() throws Exception {
        long id = api.webhook(admin, "overdue", receiver.url("/overdue"), "GENERIC", List.of("ACTION_ITEM_OVERDUE"),
                null).get("id").asLong();
        String key = api.declare(manager, "Items", "SEV3");
        long incidentId = incidents.idOf(key);
        LocalDate today = LocalDate.ofInstant(WebhookClock.CLOCK.instant(), ZoneOffset.UTC);
        long late = item(incidentId, "Alert on consumer lag", today.minusDays(1), ActionStatus.OPEN);
        item(incidentId, "Due today", today, ActionStatus.OPEN);
        item(incidentId, "Overdue for long", today.minusDays(30), ActionStatus.OPEN);
        item(incidentId, "Done late", today.minusDays(1), ActionStatus.DONE);

        // two instances check at the same moment, then again later: one announcement
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> checks = List.of(threads.submit(() -> overdue.announceOverdue()),
                    threads.submit(() -> overdue.announceOverdue()));
            for (Future<?> check : checks) {
                check.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        overdue.announceOverdue();
        worker.deliverDue();
        List<Receiver.Received> got = receiver.received("/overdue");
        assertThat(got).hasSize(1);
        JsonNode body = json.readTree(got.get(0).body());
        assertThat(body.get("text").asString()).isEqualTo("Action item overdue: \"Alert on consumer lag\" (owner Test "
                + manager.getUsername() + ", due " + today.minusDays(1) + ")");
        assertThat(body.get("actionItem").get("id").asLong()).isEqualTo(late);
        assertThat(body.get("actor").asString()).isEqualTo("Hindsight");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM overdue_announcement WHERE action_item_id = ?",
                Integer.class, late)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shedlock WHERE name = 'webhooks-overdue-check'",
                Integer.class)).isEqualTo(1);

        // a new due date that passes is announced again
        jdbc.update("UPDATE action_item SET due_date = ? WHERE id = ?", today.minusDays(2), late);
        overdue.announceOverdue();
        worker.deliverDue();
        assertThat(receiver.received("/overdue")).hasSize(2);
        assertThat(api.deliveries(admin, id).size()).isEqualTo(2);
    }

    @Test
    void thePagesCreateShowAndTestAWebhook() throws Exception {
        String list = mvc.perform(get("/admin/webhooks").with(user(admin))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(list).contains("webhooks-none").contains("HINDSIGHT_BASE_URL");
        String refused = mvc.perform(post("/admin/webhooks").with(user(admin)).with(csrf()).param("name", "page")
                .param("url", "gopher://example.com").param("format", "SLACK").param("events", "KEY_MOMENT"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(refused).contains("url-error").contains("An http:// or https:// address");
        String created = mvc.perform(post("/admin/webhooks").with(user(admin)).with(csrf()).param("name", "page")
                .param("url", receiver.url("/page")).param("format", "MATTERMOST").param("events", "KEY_MOMENT",
                        "STATUS_CHANGED").param("severities", "SEV1").param("enabled", "true"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        String secret = jdbc.queryForObject("SELECT secret FROM webhook WHERE name = 'page'", String.class);
        long id = jdbc.queryForObject("SELECT id FROM webhook WHERE name = 'page'", Long.class);
        assertThat(created).contains(secret).contains("Incoming Webhooks");
        mvc.perform(post("/admin/webhooks/" + id + "/test").with(user(admin)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        worker.deliverDue();
        assertThat(json.readTree(receiver.received("/page").get(0).body()).get("text").asString())
                .contains("Test message");
        mvc.perform(post("/admin/webhooks/" + id).with(user(admin)).with(csrf()).param("name", "page renamed")
                .param("url", receiver.url("/page")).param("format", "MATTERMOST").param("events", "KEY_MOMENT")
                .param("version", "0")).andExpect(status().is3xxRedirection());
        JsonNode saved = api.call(HttpMethod.GET, API + "/" + id, null, admin, 200);
        assertThat(saved.get("name").asString()).isEqualTo("page renamed");
        assertThat(saved.get("severities").size()).isZero();
        assertThat(saved.get("enabled").asBoolean()).as("the box was not ticked").isFalse();
        mvc.perform(post("/admin/webhooks/" + id + "/delete").with(user(admin)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_delivery", Integer.class)).isZero();
    }

    private long item(long incidentId, String title, LocalDate due, ActionStatus status) {
        return actions.create(manager, incidentId, new ActionFields(title, null, ActionType.CORRECTIVE,
                ActionCategory.TASK, manager.getUsername(), due, ActionPriority.HIGH, status, null, null, 0)).id();
    }
}
