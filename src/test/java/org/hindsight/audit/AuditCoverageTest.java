package org.hindsight.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hindsight.audit.AuditChannel.ADMIN;
import static org.hindsight.audit.AuditChannel.ALERT;
import static org.hindsight.audit.AuditChannel.API;
import static org.hindsight.audit.AuditChannel.BULK;
import static org.hindsight.audit.AuditChannel.IMPORT;
import static org.hindsight.audit.AuditChannel.PAGE;
import static org.hindsight.support.ApiCalls.obj;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.PATCH;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.action.ActionItemService;
import org.hindsight.action.ActionPriority;
import org.hindsight.action.ActionStatus;
import org.hindsight.action.ActionType;
import org.hindsight.action.ActionViews.ActionItemView;
import org.hindsight.alert.AlertSource;
import org.hindsight.alert.IntegrationService;
import org.hindsight.alert.IntegrationViews.WithSecret;
import org.hindsight.example.ExampleIncident;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.IncidentStatus;
import org.hindsight.incident.Severity;
import org.hindsight.notification.WebhookEvent;
import org.hindsight.notification.WebhookFormat;
import org.hindsight.notification.WebhookService;
import org.hindsight.notification.WebhookViews;
import org.hindsight.postmortem.review.PostmortemReviews;
import org.hindsight.postmortem.review.Verdict;
import org.hindsight.support.ApiCalls;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.timeline.EventKind;
import org.hindsight.timeline.TimelineService;
import org.hindsight.timeline.TimelineViews.TimelineRow;
import org.hindsight.user.ApiTokenService;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.hindsight.user.UserService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import tools.jackson.databind.json.JsonMapper;

/**
 * Every write endpoint and form, one row each (as {@code AuthorizationMatrixTest} enumerates them): a valid change
 * made by a user of a suitable role leaves an audit entry of the expected record type, naming that user (or the
 * integration, for the alert hook) and the channel it came through. Endpoints that change no record say why in
 * {@link #NOT_A_CHANGE}; a test reads Spring's own list of mappings, so a new write endpoint without a row fails.
 * Refused changes (forbidden, invalid, stale) leave no entry. Each row runs in a transaction rolled back after it.
 * Email is on here (tests have none by default), at an address where nothing listens: the test email's row records
 * the email, and no worker runs to send it.
 */
@DatabaseTest
@Transactional
@TestPropertySource(properties = {"spring.mail.host=127.0.0.1", "spring.mail.port=9"})
class AuditCoverageTest {

    /** Write mappings that change no record, and why ("ANY": a mapping that names no method). */
    static final Map<String, String> NOT_A_CHANGE = Map.of(
            "ANY /error", "Spring Boot's error page: shows what went wrong with another request; changes nothing",
            "POST /incidents/{key}/timeline/preview", "says how the entry being typed will be logged; saves nothing",
            "POST /incidents/import/preview", "shows what an import would create; saves nothing",
            "POST /profile/timeline-order", "a viewing preference of the user's own (as the hour cycle, which the"
                    + " trail does not compare either): no record anyone else reads changes");

    private static final String INCIDENT = "incident";
    private static final String EVENT = "timeline event";
    private static final String ITEM = "action item";
    private static final String POSTMORTEM = "postmortem";
    private static final String ACCOUNT = "account";
    private static final String TOKEN = "API token";
    private static final String FEED = "calendar feed";
    private static final String INTEGRATION = "integration";
    private static final String TEMPLATE = "postmortem template";
    private static final String POLICY = "due-date policy";
    private static final String SETTINGS = "review settings";
    private static final String WEBHOOK = "webhook";

    private static final String IMPORTED = "# Queue backlog\n\n## Timeline\n\n- 2024-05-12 09:00 UTC Backlog alert\n"
            + "- 2024-05-12 09:40 UTC Consumers scaled out\n\n## Action items\n\n- Alert on consumer lag\n";

    @PersistenceContext
    EntityManager entityManager;

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestUsers users;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationContext context;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    @Autowired
    ActionItemService actions;

    @Autowired
    IntegrationService integrations;

    @Autowired
    WebhookService webhooks;

    @Autowired
    ApiTokenService tokens;

    @Autowired
    UserService accounts;

    @Autowired
    PostmortemReviews reviews;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private ApiCalls api;
    HindsightUser viewer;
    HindsightUser responder;
    HindsightUser manager;
    HindsightUser admin;

    @BeforeEach
    void setUp() {
        api = new ApiCalls(mvc, json, "10.83");
        viewer = users.create("cov-viewer", Role.VIEWER);
        responder = users.create("cov-responder", Role.RESPONDER);
        manager = users.create("cov-manager", Role.MANAGER);
        admin = users.create("cov-admin", Role.ADMIN);
    }

    // ---- the rows

    /** Prepares what a row's request needs (through services or earlier requests) and answers the request. */
    @FunctionalInterface
    interface Step {
        Call prepare(AuditCoverageTest t) throws Exception;
    }

    /**
     * A write endpoint as Spring maps it, the status of a valid change, and the entry it must leave: of record type
     * {@code type} (with these {@code fields} among its entries, when named), through {@code channel}.
     */
    record Row(String name, HttpMethod method, String pattern, int status, String type, String channel,
            List<String> fields, Step step) {

        Row expecting(String... more) {
            return new Row(name, method, pattern, status, type, channel, List.of(more), step);
        }

        String mapping() {
            return method.name() + " " + pattern;
        }

        @Override
        public String toString() {
            return name + " (" + mapping() + ")";
        }
    }

    static Row row(String name, HttpMethod method, String pattern, int status, String type, String channel,
            Step step) {
        return new Row(name, method, pattern, status, type, channel, List.of(), step);
    }

    static Stream<Row> rows() {
        return Stream.of(
                // incidents
                row("declare (page)", POST, "/incidents", 302, INCIDENT, PAGE,
                        t -> t.page(t.responder).param("title", "Disk full").param("severity", "SEV3")),
                row("edit (page)", POST, "/incidents/{key}", 302, INCIDENT, PAGE, t -> {
                    String key = t.incident();
                    return t.page(t.manager, key).param("title", "Disk full on db-2").param("severity", "SEV2")
                            .param("status", "IDENTIFIED").param("startedAt", t.local(t.incidents.details(key)
                                    .startedAt())).param("version", t.incidents.details(key).version());
                }),
                row("move the status to resolved (page)", POST, "/incidents/{key}/status", 302, INCIDENT, PAGE,
                        t -> t.page(t.manager, t.incident()).param("status", "RESOLVED"))
                        .expecting("status", "resolvedAt"),
                row("join (page)", POST, "/incidents/{key}/join", 302, INCIDENT, PAGE,
                        t -> t.page(t.responder, t.incident())),
                row("leave (page)", POST, "/incidents/{key}/leave", 302, INCIDENT, PAGE, t -> {
                    String key = t.joined(t.responder);
                    return t.page(t.responder, key);
                }),
                row("declare (API)", POST, "/api/incidents", 201, INCIDENT, API,
                        t -> t.api(t.responder).json(obj("title", "Disk full", "severity", "SEV3"))),
                row("patch (API)", PATCH, "/api/incidents/{key}", 200, INCIDENT, API, t -> {
                    String key = t.incident();
                    return t.api(t.manager, key).json(obj("impact", "Writes fail",
                            "version", t.incidents.details(key).version()));
                }),
                row("join (API)", POST, "/api/incidents/{key}/responders", 201, INCIDENT, API,
                        t -> t.api(t.responder, t.incident())),
                row("leave (API)", DELETE, "/api/incidents/{key}/responders/me", 200, INCIDENT, API,
                        t -> t.api(t.responder, t.joined(t.responder))),
                // timeline
                row("log an event (page)", POST, "/incidents/{key}/timeline", 302, EVENT, PAGE,
                        t -> t.page(t.responder, t.incident()).param("text", "Restarted the pods")),
                row("confirm a summary time (page)", POST, "/incidents/{key}/summary-times", 302, INCIDENT, PAGE,
                        t -> {
                            String key = t.incident();
                            Instant start = t.incidents.details(key).startedAt();
                            return t.page(t.manager, key).param("time", "MITIGATED")
                                    .param("at", start.plus(20, ChronoUnit.MINUTES));
                        }).expecting("mitigatedAt"),
                row("edit an event (page)", POST, "/incidents/{key}/timeline/{eventId}", 302, EVENT, PAGE, t -> {
                    String key = t.incident();
                    TimelineRow event = t.event(key);
                    return t.page(t.manager, key, event.id()).param("text", "Restarted all pods")
                            .param("at", t.local(event.at())).param("kind", "ACTION")
                            .param("version", event.version());
                }),
                row("delete an event (page)", POST, "/incidents/{key}/timeline/{eventId}/delete", 302, EVENT, PAGE,
                        t -> {
                            String key = t.incident();
                            return t.page(t.manager, key, t.event(key).id());
                        }),
                row("restore an event (page)", POST, "/incidents/{key}/timeline/{eventId}/restore", 302, EVENT,
                        PAGE, t -> {
                            String key = t.incident();
                            long eventId = t.event(key).id();
                            t.timeline.setDeleted(t.manager, t.incidents.idOf(key), eventId, true);
                            return t.page(t.manager, key, eventId);
                        }),
                row("log an event (API)", POST, "/api/incidents/{key}/timeline", 201, EVENT, API,
                        t -> t.api(t.responder, t.incident()).json(obj("text", "Restarted the pods"))),
                // action items
                row("add an item (page)", POST, "/incidents/{key}/actions", 302, ITEM, PAGE,
                        t -> t.item(t.page(t.manager, t.incident()), "Add a disk alert", 0)),
                row("edit an item (page)", POST, "/incidents/{key}/actions/{id}", 302, ITEM, PAGE, t -> {
                    String key = t.incident();
                    ActionItemView item = t.item(key);
                    return t.item(t.page(t.manager, key, item.id()), "Add a disk alert", item.version());
                }),
                row("move an item along (page)", POST, "/incidents/{key}/actions/{id}/status", 302, ITEM, PAGE,
                        t -> {
                            String key = t.incident();
                            ActionItemView item = t.item(key);
                            return t.page(t.manager, key, item.id()).param("status", "IN_PROGRESS")
                                    .param("version", item.version());
                        }),
                row("add an item (API)", POST, "/api/incidents/{key}/actions", 201, ITEM, API,
                        t -> t.api(t.manager, t.incident()).json(obj("title", "Add a disk alert",
                                "type", "DETECTIVE"))),
                row("patch an item (API)", PATCH, "/api/actions/{id}", 200, ITEM, API, t -> {
                    ActionItemView item = t.item(t.incident());
                    return t.api(t.manager, item.id()).json(obj("status", "DONE", "version", item.version()));
                }),
                row("change items in bulk (ledger)", POST, "/actions", 302, ITEM, BULK, t -> {
                    ActionItemView item = t.item(t.incident());
                    return t.page(t.manager).param("selected", item.id() + ":" + item.version())
                            .param("op", "due").param("newDueDate", LocalDate.now().plusDays(90));
                }),
                row("new calendar feed", POST, "/profile/calendar", 302, FEED, PAGE, t -> t.page(t.viewer)),
                row("revoke the calendar feed", POST, "/profile/calendar/revoke", 302, FEED, PAGE, t -> {
                    t.done(post("/profile/calendar").with(user(t.viewer)).with(csrf()));
                    return t.page(t.viewer);
                }),
                row("due-date policy", POST, "/admin/due-dates", 302, POLICY, ADMIN, t -> t.dueDates(t.admin)),
                row("email reminders (profile)", POST, "/profile/email", 302, "email reminders", PAGE,
                        t -> t.page(t.manager).param("weekly", "true")).expecting("dailyDigest"),
                row("send a test email (page)", POST, "/admin/email/test", 302, "email", ADMIN,
                        t -> t.page(t.admin).param("to", "someone@example.com")).expecting("to"),
                // postmortems: review, templates, import
                row("send to review (page)", POST, "/incidents/{key}/postmortem/review", 302, POSTMORTEM, PAGE,
                        t -> t.page(t.manager, ExampleIncident.load(t.context))
                                .param("reviewers", t.viewer.getUsername())),
                row("give a verdict (page)", POST, "/incidents/{key}/postmortem/verdict", 302, POSTMORTEM, PAGE,
                        t -> t.page(t.viewer, t.inReview()).param("verdict", "APPROVE")),
                row("publish (page)", POST, "/incidents/{key}/postmortem/publish", 302, POSTMORTEM, PAGE,
                        t -> t.page(t.manager, t.approved())),
                row("send to review (API)", POST, "/api/incidents/{key}/postmortem/review", 200, POSTMORTEM, API,
                        t -> t.api(t.manager, ExampleIncident.load(t.context))
                                .json(obj("reviewers", List.of(t.viewer.getUsername())))),
                row("give a verdict (API)", POST, "/api/incidents/{key}/postmortem/verdict", 200, POSTMORTEM, API,
                        t -> t.api(t.viewer, t.inReview()).json(obj("verdict", "APPROVE"))),
                row("publish (API)", POST, "/api/incidents/{key}/postmortem/publish", 200, POSTMORTEM, API,
                        t -> t.api(t.manager, t.approved()).json(obj())),
                row("review settings", POST, "/admin/review-settings", 302, SETTINGS, ADMIN, t -> {
                    var now = t.reviews.settings();
                    return t.page(t.admin).param("approvalsRequired", now.approvalsRequired() == 2 ? 1 : 2)
                            .param("closeOnPublish", now.closeOnPublish()).param("version", now.version());
                }),
                row("new template", POST, "/postmortem-templates", 302, TEMPLATE, PAGE,
                        t -> t.template(t.page(t.manager), TestUsers.unique("Short form"), 0)),
                row("change a template", POST, "/postmortem-templates/{id}", 302, TEMPLATE, PAGE, t -> {
                    long id = t.template();
                    return t.template(t.page(t.manager, id), TestUsers.unique("Shorter form"), t.jdbc
                            .queryForObject("select version from postmortem_template where id = ?", Long.class, id));
                }),
                row("delete a template", POST, "/postmortem-templates/{id}/delete", 302, TEMPLATE, PAGE,
                        t -> t.page(t.manager, t.template())),
                row("import (page)", POST, "/incidents/import", 302, INCIDENT, IMPORT,
                        t -> t.page(t.responder).param("text", IMPORTED)),
                row("import (API)", POST, "/api/imports", 201, INCIDENT, IMPORT,
                        t -> t.api(t.responder).body("text/markdown", IMPORTED)),
                // the user's own profile
                row("profile", POST, "/profile", 302, ACCOUNT, PAGE, t -> t.page(t.viewer)
                        .param("displayName", "Vera Viewer").param("email", t.viewer.getUsername() + "@example.com")
                        .param("timeZone", "Europe/Berlin")
                        .param("version", t.accounts.get(t.viewer.getId()).version())),
                row("change the password", POST, "/profile/password", 302, ACCOUNT, PAGE, t -> t.page(t.viewer)
                        .param("currentPassword", TestUsers.PASSWORD).param("newPassword", "another-long-secret-1")
                        .param("confirmPassword", "another-long-secret-1")),
                row("new API token", POST, "/profile/tokens", 302, TOKEN, PAGE,
                        t -> t.page(t.viewer).param("name", "nightly export")),
                row("revoke an API token", POST, "/profile/tokens/{tokenId}/revoke", 302, TOKEN, PAGE,
                        t -> t.page(t.viewer, t.tokens.create(t.viewer.getId(), "old script").token().id())),
                // accounts (admin)
                row("new account", POST, "/admin/users", 302, ACCOUNT, ADMIN, t -> t.page(t.admin)
                        .param("username", TestUsers.unique("cov-new")).param("displayName", "New Person")
                        .param("email", "new.person@example.com").param("timeZone", "UTC").param("roles", "VIEWER")
                        .param("password", "a-long-enough-secret")),
                row("edit an account", POST, "/admin/users/{id}", 302, ACCOUNT, ADMIN, t -> {
                    HindsightUser someone = t.users.create("cov-someone", Role.VIEWER);
                    return t.page(t.admin, someone.getId()).param("displayName", "Someone Else")
                            .param("email", "someone@example.com").param("timeZone", "UTC")
                            .param("roles", "RESPONDER").param("enabled", "true")
                            .param("version", t.accounts.get(someone.getId()).version());
                }),
                row("set an account's password", POST, "/admin/users/{id}/password", 302, ACCOUNT, ADMIN,
                        t -> t.page(t.admin, t.users.create("cov-forgetful", Role.VIEWER).getId())
                                .param("newPassword", "a-long-enough-secret")),
                // alert integrations: admin pages, API, and the hook senders post to
                row("new integration (page)", POST, "/admin/integrations", 200, INTEGRATION, ADMIN,
                        t -> t.page(t.admin).param("name", TestUsers.unique("Prometheus")).param("source",
                                "ALERTMANAGER").param("defaultSeverity", "SEV3").param("onAllResolved", "RECORD_ONLY")),
                row("edit an integration (page)", POST, "/admin/integrations/{id}", 302, INTEGRATION, ADMIN, t -> {
                    WithSecret made = t.integration();
                    return t.page(t.admin, made.integration().id()).param("name", TestUsers.unique("Grafana"))
                            .param("severityMapping", "critical=SEV1").param("defaultSeverity", "SEV2")
                            .param("onAllResolved", "SET_MITIGATED").param("enabled", "true")
                            .param("version", made.integration().version());
                }).expecting("name", "severityMapping", "defaultSeverity", "onAllResolved"),
                row("disable an integration (page)", POST, "/admin/integrations/{id}/enabled", 302, INTEGRATION,
                        ADMIN, t -> t.page(t.admin, t.integration().integration().id()).param("enabled", "false"))
                        .expecting("enabled"),
                row("new secret (page)", POST, "/admin/integrations/{id}/secret", 200, INTEGRATION, ADMIN,
                        t -> t.page(t.admin, t.integration().integration().id())),
                row("delete an integration (page)", POST, "/admin/integrations/{id}/delete", 302, INTEGRATION,
                        ADMIN, t -> t.page(t.admin, t.integration().integration().id())),
                row("new integration (API)", POST, "/api/integrations", 201, INTEGRATION, API,
                        t -> t.api(t.admin).json(obj("name", TestUsers.unique("Prometheus"),
                                "source", "ALERTMANAGER"))),
                row("patch an integration (API)", PATCH, "/api/integrations/{id}", 200, INTEGRATION, API, t -> {
                    WithSecret made = t.integration();
                    return t.api(t.admin, made.integration().id()).json(obj("defaultSeverity", "SEV1",
                            "version", made.integration().version()));
                }).expecting("defaultSeverity"),
                row("new secret (API)", POST, "/api/integrations/{id}/secret", 200, INTEGRATION, API,
                        t -> t.api(t.admin, t.integration().integration().id())),
                row("delete an integration (API)", DELETE, "/api/integrations/{id}", 204, INTEGRATION, API,
                        t -> t.api(t.admin, t.integration().integration().id())),
                row("an alert declares an incident (hook)", POST, "/hooks/alerts/{id}", 200, INCIDENT, ALERT,
                        t -> t.hook(t.integration())),
                // outbound webhooks: admin pages and API
                row("new webhook (page)", POST, "/admin/webhooks", 200, WEBHOOK, ADMIN,
                        t -> t.page(t.admin).param("name", TestUsers.unique("#incidents"))
                                .param("url", "https://hooks.example.com/services/T1/B1/x").param("format", "SLACK")
                                .param("events", "INCIDENT_DECLARED")),
                row("edit a webhook (page)", POST, "/admin/webhooks/{id}", 302, WEBHOOK, ADMIN, t -> {
                    WebhookViews.WithSecret made = t.webhook();
                    return t.page(t.admin, made.webhook().id()).param("name", TestUsers.unique("#war-room"))
                            .param("url", "https://discord.example.com/api/webhooks/1/y").param("format", "DISCORD")
                            .param("events", "KEY_MOMENT").param("severities", "SEV1").param("enabled", "true")
                            .param("version", made.webhook().version());
                }).expecting("name", "url", "format", "events", "severities"),
                row("disable a webhook (page)", POST, "/admin/webhooks/{id}/enabled", 302, WEBHOOK, ADMIN,
                        t -> t.page(t.admin, t.webhook().webhook().id()).param("enabled", "false"))
                        .expecting("enabled"),
                row("send a webhook a test message (page)", POST, "/admin/webhooks/{id}/test", 302, WEBHOOK, ADMIN,
                        t -> t.page(t.admin, t.webhook().webhook().id())),
                row("delete a webhook (page)", POST, "/admin/webhooks/{id}/delete", 302, WEBHOOK, ADMIN,
                        t -> t.page(t.admin, t.webhook().webhook().id())),
                row("new webhook (API)", POST, "/api/webhooks", 201, WEBHOOK, API,
                        t -> t.api(t.admin).json(obj("name", TestUsers.unique("receiver"), "url",
                                "https://receiver.example.com/hindsight", "format", "GENERIC", "events",
                                List.of("STATUS_CHANGED")))),
                row("patch a webhook (API)", PATCH, "/api/webhooks/{id}", 200, WEBHOOK, API, t -> {
                    WebhookViews.WithSecret made = t.webhook();
                    return t.api(t.admin, made.webhook().id()).json(obj("severities", List.of("SEV1", "SEV2"),
                            "version", made.webhook().version()));
                }).expecting("severities"),
                row("send a webhook a test message (API)", POST, "/api/webhooks/{id}/test", 202, WEBHOOK, API,
                        t -> t.api(t.admin, t.webhook().webhook().id())),
                row("delete a webhook (API)", DELETE, "/api/webhooks/{id}", 204, WEBHOOK, API,
                        t -> t.api(t.admin, t.webhook().webhook().id())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachChangeIsRecordedWithItsActorAndChannel(Row row) throws Exception {
        Call call = row.step().prepare(this);
        Set<Long> before = entries();
        MockHttpServletResponse response = mvc.perform(call.request(row.method(), row.pattern())).andReturn()
                .getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString(StandardCharsets.UTF_8))
                .isEqualTo(row.status());

        List<Written> written = writtenAfter(before);
        assertThat(written).as("the entries %s wrote", row).isNotEmpty()
                .allSatisfy(e -> assertThat(e).as("who and through what")
                        .extracting(Written::actor, Written::channel).containsExactly(call.actor, row.channel()))
                .anySatisfy(e -> assertThat(e.type()).isEqualTo(row.type()));
        for (String field : row.fields()) {
            assertThat(written).as("%s records %s", row, field)
                    .anySatisfy(e -> assertThat(e).extracting(Written::type, Written::field)
                            .containsExactly(row.type(), field));
        }
    }

    @Test
    void everyWriteEndpointHasARowOrSaysWhyItChangesNothing() {
        Set<String> mapped = writeMappings();
        Set<String> covered = rows().map(Row::mapping).collect(Collectors.toCollection(TreeSet::new));
        covered.addAll(NOT_A_CHANGE.keySet());

        Set<String> uncovered = new TreeSet<>(mapped);
        uncovered.removeAll(covered);
        assertThat(uncovered).as("write endpoints with neither an audit row nor a reason in NOT_A_CHANGE").isEmpty();

        Set<String> unknown = new TreeSet<>(covered);
        unknown.removeAll(mapped);
        assertThat(unknown).as("rows and reasons naming a mapping that does not exist").isEmpty();
        assertThat(rows().map(Row::mapping).filter(NOT_A_CHANGE::containsKey)).as("both a row and a reason")
                .isEmpty();
    }

    /**
     * "POST /incidents/{key}", as Spring maps it, for every mapping that takes a method other than GET; "ANY /path"
     * for one that names no method (it takes every one, writes included).
     */
    private Set<String> writeMappings() {
        Set<String> found = new TreeSet<>();
        Set<RequestMethod> reads = Set.of(RequestMethod.GET, RequestMethod.HEAD, RequestMethod.OPTIONS);
        mappings.getHandlerMethods().keySet().forEach(info -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String method : methods.isEmpty() ? Set.of("ANY") : methods.stream().filter(m -> !reads.contains(m))
                    .map(RequestMethod::name).toList()) {
                info.getPatternValues().forEach(pattern -> found.add(method + " " + pattern));
            }
        });
        return found;
    }

    // ---- refused changes

    /** A request refused, and the status it gets. */
    record Refusal(String name, HttpMethod method, String pattern, int status, Step step) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Refusal> refusals() {
        return Stream.of(
                new Refusal("a viewer logs an event (API, 403)", POST, "/api/incidents/{key}/timeline", 403,
                        t -> t.api(t.viewer, t.incident()).json(obj("text", "Not mine to log"))),
                new Refusal("a responder who has not joined patches the incident (API, 403)", PATCH,
                        "/api/incidents/{key}", 403, t -> {
                            String key = t.incident();
                            return t.api(t.responder, key).json(obj("impact", "Not mine to change",
                                    "version", t.incidents.details(key).version()));
                        }),
                new Refusal("declare without a title (page re-rendered, 200)", POST, "/incidents", 200,
                        t -> t.page(t.responder).param("title", "").param("severity", "SEV3")),
                new Refusal("an item with an unsafe tracker link (page re-rendered, 200)", POST,
                        "/incidents/{key}/actions/{id}", 200, t -> {
                            String key = t.incident();
                            ActionItemView item = t.item(key);
                            return t.item(t.page(t.manager, key, item.id()), "Add a disk alert", item.version())
                                    .param("trackerUrl", "javascript:alert(1)");
                        }),
                new Refusal("a stale version (API PATCH, 409)", PATCH, "/api/incidents/{key}", 409, t -> {
                    String key = t.incident();
                    long stale = t.incidents.details(key).version();
                    t.incidents.changeStatus(t.manager, key, IncidentStatus.IDENTIFIED);
                    return t.api(t.manager, key).json(obj("impact", "Lost update", "version", stale));
                }),
                new Refusal("an item changed meanwhile (ledger bulk change, skipped)", POST, "/actions", 302, t -> {
                    ActionItemView item = t.item(t.incident());
                    return t.page(t.manager).param("selected", item.id() + ":" + (item.version() + 1))
                            .param("op", "due").param("newDueDate", LocalDate.now().plusDays(90));
                }),
                new Refusal("a body without a title (API, 400)", POST, "/api/incidents", 400,
                        t -> t.api(t.responder).json(obj("severity", "SEV3"))),
                new Refusal("a name already taken (API, 422)", PATCH, "/api/integrations/{id}", 422, t -> {
                    WithSecret made = t.integration();
                    String taken = t.integration().integration().name();
                    return t.api(t.admin, made.integration().id()).json(obj("name", taken,
                            "version", made.integration().version()));
                }),
                new Refusal("a webhook address that is not http or https (API, 400)", POST, "/api/webhooks", 400,
                        t -> t.api(t.admin).json(obj("name", TestUsers.unique("ftp"), "url", "ftp://example.com/in",
                                "format", "GENERIC", "events", List.of("KEY_MOMENT")))),
                new Refusal("publish without a review (API, 409)", POST, "/api/incidents/{key}/postmortem/publish",
                        409, t -> t.api(t.manager, ExampleIncident.load(t.context)).json(obj())),
                new Refusal("an alert with a wrong secret (hook, 401)", POST, "/hooks/alerts/{id}", 401,
                        t -> t.hook(new WithSecret(t.integration().integration(), "hsa_wrong"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void aRefusedChangeLeavesNoEntry(Refusal refusal) throws Exception {
        Call call = refusal.step().prepare(this);
        Set<Long> before = entries();
        MockHttpServletResponse response = mvc.perform(call.request(refusal.method(), refusal.pattern()))
                .andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString(StandardCharsets.UTF_8))
                .isEqualTo(refusal.status());
        assertThat(writtenAfter(before)).as("entries after " + refusal).isEmpty();
    }

    // ---- requests

    /** A request a step prepared: who makes it (the actor the trail must name), its path's variables, its parts. */
    final class Call {

        private final String actor;
        private final Object[] vars;
        private final List<Consumer<MockHttpServletRequestBuilder>> parts = new ArrayList<>();

        Call(String actor, Object[] vars, Consumer<MockHttpServletRequestBuilder> credentials) {
            this.actor = actor;
            this.vars = vars;
            parts.add(credentials);
        }

        Call param(String name, Object value) {
            parts.add(request -> request.param(name, String.valueOf(value)));
            return this;
        }

        Call json(Map<String, Object> body) {
            return body(MediaType.APPLICATION_JSON_VALUE, api.write(body));
        }

        Call body(String type, String content) {
            parts.add(request -> request.contentType(type).content(content));
            return this;
        }

        MockHttpServletRequestBuilder request(HttpMethod method, String pattern) {
            MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(method, pattern, vars);
            parts.forEach(part -> part.accept(request));
            return request;
        }
    }

    /** A form posted by a signed-in user. */
    Call page(HindsightUser who, Object... vars) {
        return new Call(who.getUsername(), vars, request -> request.with(user(who)).with(csrf()));
    }

    /** A call of a script signing in with HTTP Basic. */
    Call api(HindsightUser who, Object... vars) {
        return new Call(who.getUsername(), vars, request -> request.with(api.basic(who)));
    }

    /** Alertmanager posting a new alert to an integration's hook with its secret. */
    Call hook(WithSecret integration) {
        long id = integration.integration().id();
        String name = TestUsers.unique("DiskFull").replace('-', '_');
        String payload = """
                {"version":"4","groupKey":"{}:{alertname=\\"%1$s\\"}","truncatedAlerts":0,"status":"firing",
                 "receiver":"hindsight","groupLabels":{},"commonLabels":{},"commonAnnotations":{},
                 "externalURL":"http://alertmanager:9093","alerts":[{"status":"firing",
                 "labels":{"alertname":"%1$s","service":"db","severity":"critical"},
                 "annotations":{"summary":"Disk full on db"},"startsAt":"%2$s","endsAt":"0001-01-01T00:00:00Z",
                 "generatorURL":"http://prometheus:9090/graph","fingerprint":"%1$s"}]}"""
                .formatted(name, Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS));
        return new Call("integration " + id, new Object[] {id}, request -> request
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + integration.secret())).body("application/json", payload);
    }

    /** Sends a request a step needs before the one it tests, expecting a redirect. */
    void done(MockHttpServletRequestBuilder request) throws Exception {
        mvc.perform(request).andExpect(status().is3xxRedirection());
    }

    // ---- what the steps prepare

    /** A new incident, started an hour ago, declared (and commanded) by the manager. */
    String incident() {
        return incidents.create(manager, new NewIncident(TestUsers.unique("Coverage"), Severity.SEV3, null,
                Instant.now().minus(1, ChronoUnit.HOURS), null, "Pages slow", null, List.of(), null));
    }

    /** A new incident {@code who} joined. */
    String joined(HindsightUser who) {
        String key = incident();
        incidents.join(who, key);
        return key;
    }

    TimelineRow event(String key) {
        return timeline.post(manager, incidents.idOf(key), new TimelineService.NewEvent("Checked the dashboards",
                null, EventKind.NOTE, Set.of(), false)).event();
    }

    ActionItemView item(String key) {
        return actions.create(manager, incidents.idOf(key), new ActionFields("Add a disk alert", null,
                ActionType.DETECTIVE, ActionCategory.TASK, manager.getUsername(), LocalDate.now().plusDays(30),
                ActionPriority.MEDIUM, ActionStatus.OPEN, null, null, 0));
    }

    /** The action item form, filled in. */
    Call item(Call form, String title, long version) {
        return form.param("title", title).param("type", "DETECTIVE").param("category", "TASK")
                .param("priority", "HIGH").param("status", "OPEN").param("owner", manager.getUsername())
                .param("version", version);
    }

    WithSecret integration() {
        return integrations.create(TestUsers.unique("Coverage"), AlertSource.ALERTMANAGER, null);
    }

    WebhookViews.WithSecret webhook() {
        return webhooks.create(TestUsers.unique("Coverage"), "https://hooks.example.com/services/T0/B0/coverage",
                WebhookFormat.SLACK, Set.of(WebhookEvent.INCIDENT_DECLARED), Set.of());
    }

    /** The example incident (a complete postmortem), sent to review by the viewer. */
    String inReview() {
        String key = ExampleIncident.load(context);
        reviews.requestReview(manager, key, List.of(viewer.getUsername()));
        return key;
    }

    /** The example incident, approved by its reviewer: ready to publish. */
    String approved() {
        String key = inReview();
        reviews.verdict(viewer, key, Verdict.APPROVE, null);
        return key;
    }

    /** The template form, filled in. */
    Call template(Call form, String name, long version) {
        return form.param("name", name).param("body", "# {{title}}\n\n{{impact}}\n").param("version", version);
    }

    /** A team template the manager saved (through its page: the templates' service is their module's own). */
    long template() throws Exception {
        String name = TestUsers.unique("Short form");
        done(template(page(manager), name, 0).request(POST, "/postmortem-templates"));
        return jdbc.queryForObject("select id from postmortem_template where name = ?", Long.class, name);
    }

    /** The due-date form as the page fills it in, with one day changed. */
    Call dueDates(HindsightUser who) {
        Call form = page(who);
        List<Map<String, Object>> rows = jdbc.queryForList("select severity, corrective_days, preventive_days,"
                + " detective_days, process_days, version from due_date_policy order by severity");
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            int corrective = ((Number) row.get("corrective_days")).intValue();
            form.param("rows[" + i + "].severity", row.get("severity"))
                    .param("rows[" + i + "].corrective", i > 0 ? corrective : corrective == 14 ? 15 : 14)
                    .param("rows[" + i + "].preventive", row.get("preventive_days"))
                    .param("rows[" + i + "].detective", row.get("detective_days"))
                    .param("rows[" + i + "].process", row.get("process_days"))
                    .param("rows[" + i + "].version", row.get("version"));
        }
        return form;
    }

    /** An instant as a form's datetime-local field gives it (the test accounts read UTC). */
    String local(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    // ---- the trail

    /** One entry, as far as these tests compare it. */
    record Written(String actor, String channel, String type, String field) {
    }

    /**
     * The ids of the entries there now. Not the highest id: ids come from a sequence 50 at a time (V28), each
     * application context of the test run holding a block of its own, so they are unique but not in order.
     */
    private Set<Long> entries() {
        entityManager.flush(); // this test's transaction holds every request's writes: SQL sees them once flushed
        return new HashSet<>(jdbc.queryForList("select id from audit_entry", Long.class));
    }

    private List<Written> writtenAfter(Set<Long> before) {
        entityManager.flush();
        return jdbc.query("select id, actor, channel, record_type, field from audit_entry order by at, id",
                (rs, n) -> before.contains(rs.getLong(1)) ? null
                        : new Written(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .stream().filter(Objects::nonNull).toList();
    }
}
