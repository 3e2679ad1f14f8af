package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Every page and endpoint, tried anonymously and with each role, against the answer each should get; and what each
 * role may do to one incident, whether or not they joined it (are listed among its responders) or command it.
 * Grows with the app: a new page or endpoint gets a row here.
 */
@DatabaseTest
class AuthorizationMatrixTest {

    /** Anonymous page requests are sent to the sign-in page. */
    private static final int LOGIN = 302;

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers testUsers;

    /** One account per role, created once for all rows (the context and its database outlive the rows). */
    private static final Map<Role, HindsightUser> users = new EnumMap<>(Role.class);
    private static long someUserId;
    /** An incident none of the matrix users works on (a responder may read it, not edit it). */
    private static String incident;
    private static HindsightUser declarer;

    @Autowired
    org.hindsight.incident.IncidentService incidents;

    @BeforeEach
    void createOneUserPerRole() {
        if (!users.isEmpty()) {
            return;
        }
        for (Role role : Role.values()) {
            users.put(role, testUsers.create("matrix-" + role.name().toLowerCase(), role));
        }
        someUserId = users.get(Role.VIEWER).getId();
        declarer = testUsers.create("matrix-declarer", Role.MANAGER);
        incident = declare(null);
        for (Part part : Part.values()) {
            parts.put(part, testUsers.create("matrix-" + part.name().toLowerCase().replace('_', '-'), part.role));
        }
    }

    /** A new incident declared by a manager, commanded by {@code commander} (null: the declarer). */
    private String declare(HindsightUser commander) {
        return incidents.create(declarer, new org.hindsight.incident.IncidentCommands.NewIncident("Matrix",
                org.hindsight.incident.Severity.SEV4, null, null, null, null, null, List.of(),
                commander == null ? null : commander.getUsername()));
    }

    /** One row: a request and the status expected for anonymous, VIEWER, RESPONDER, MANAGER, ADMIN. */
    record Row(HttpMethod method, String path, int anonymous, int viewer, int responder, int manager, int admin,
            String json) {

        Row(HttpMethod method, String path, int anonymous, int viewer, int responder, int manager, int admin) {
            this(method, path, anonymous, viewer, responder, manager, admin, null);
        }

        List<Integer> expected() {
            return List.of(anonymous, viewer, responder, manager, admin);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Stream<Row> rows() {
        HttpMethod get = HttpMethod.GET;
        HttpMethod post = HttpMethod.POST;
        return Stream.of(
                // public
                new Row(get, "/login", 200, 302, 302, 302, 302),
                // single sign-on's endpoints exist only when it is configured (SingleSignOnBrowserTest covers them
                // then: the button's redirect to the provider, its answer refused without a matching state)
                new Row(get, "/oauth2/authorization/oidc", LOGIN, 404, 404, 404, 404),
                new Row(get, "/login/oauth2/code/oidc?code=x&state=y", LOGIN, 404, 404, 404, 404),
                new Row(get, "/css/hindsight.css", 200, 200, 200, 200, 200),
                new Row(get, "/js/hindsight.js", 200, 200, 200, 200, 200),
                new Row(get, "/favicon.svg", 200, 200, 200, 200, 200),
                new Row(get, "/actuator/health", 200, 200, 200, 200, 200),
                // pages for every signed-in user
                new Row(get, "/", LOGIN, 302, 302, 302, 302),
                new Row(get, "/incidents", LOGIN, 200, 200, 200, 200),
                new Row(get, "/actions", LOGIN, 200, 200, 200, 200),
                new Row(get, "/actions?overdue=true&sort=priority", LOGIN, 200, 200, 200, 200),
                new Row(get, "/actions/mine", LOGIN, 200, 200, 200, 200),
                // insights: every signed-in user; a bad filter value is named on the page, refused by the CSV
                new Row(get, "/insights", LOGIN, 200, 200, 200, 200),
                new Row(get, "/insights?groupBy=week", LOGIN, 200, 200, 200, 200),
                new Row(get, "/insights.csv", LOGIN, 200, 200, 200, 200),
                new Row(get, "/insights.csv?from=2024-02-30", LOGIN, 400, 400, 400, 400),
                new Row(get, "/actions.csv", LOGIN, 200, 200, 200, 200),
                // bulk changes: managers only (an empty selection re-renders the page with its message)
                new Row(post, "/actions", LOGIN, 403, 403, 200, 200),
                new Row(post, "/profile/calendar", LOGIN, 302, 302, 302, 302),
                new Row(post, "/profile/calendar/revoke", LOGIN, 302, 302, 302, 302),
                new Row(post, "/profile/email?daily=true", LOGIN, 302, 302, 302, 302),
                // the calendar feed needs no sign-in: the secret in its URL is the credential
                new Row(get, "/actions/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics", 404, 404, 404, 404, 404),
                new Row(get, "/actions/calendar/x.ics/more", LOGIN, 404, 404, 404, 404),
                new Row(post, "/actions/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics", LOGIN, 405, 405, 405, 405),
                new Row(get, "/profile", LOGIN, 200, 200, 200, 200),
                new Row(post, "/profile/tokens", LOGIN, 200, 200, 200, 200),
                new Row(post, "/profile/password", LOGIN, 200, 200, 200, 200),
                new Row(get, "/no-such-page", LOGIN, 404, 404, 404, 404),
                // search: every signed-in user (a search that cannot run is named on the page)
                new Row(get, "/search", LOGIN, 200, 200, 200, 200),
                new Row(get, "/search?q=matrix&severity=SEV4&from=2020-01-01", LOGIN, 200, 200, 200, 200),
                new Row(get, "/search?q=-matrix", LOGIN, 200, 200, 200, 200),
                // incidents
                new Row(get, "/incidents/{incident}", LOGIN, 200, 200, 200, 200),
                new Row(get, "/incidents/INC-987654321", LOGIN, 404, 404, 404, 404),
                new Row(get, "/incidents/new", LOGIN, 403, 200, 200, 200),
                new Row(post, "/incidents", LOGIN, 403, 200, 200, 200),
                new Row(get, "/incidents/{incident}/edit", LOGIN, 403, 403, 200, 200),
                new Row(post, "/incidents/{incident}/status?status=INVESTIGATING", LOGIN, 403, 403, 302, 302),
                new Row(post, "/incidents/{incident}/timeline", LOGIN, 403, 200, 200, 200),
                // joining and leaving ({fresh}: an incident of its own for each request)
                new Row(post, "/incidents/{fresh}/join", LOGIN, 403, 302, 302, 302),
                new Row(post, "/incidents/{fresh}/leave", LOGIN, 403, 302, 302, 302),
                new Row(post, "/incidents/INC-987654321/join", LOGIN, 403, 404, 404, 404),
                new Row(get, "/incidents/{incident}/timeline/changes?since=999999", LOGIN, 204, 204, 204, 204),
                new Row(post, "/incidents/{incident}/actions", LOGIN, 403, 403, 200, 200),
                // postmortem import (an empty form re-renders with its message)
                new Row(get, "/incidents/import", LOGIN, 403, 200, 200, 200),
                new Row(post, "/incidents/import/preview", LOGIN, 403, 200, 200, 200),
                new Row(post, "/incidents/import", LOGIN, 403, 200, 200, 200),
                // postmortem export and team templates
                new Row(get, "/incidents/{incident}/postmortem", LOGIN, 200, 200, 200, 200),
                new Row(get, "/incidents/{incident}/postmortem.md", LOGIN, 200, 200, 200, 200),
                new Row(get, "/incidents/{incident}/postmortem.pdf", LOGIN, 200, 200, 200, 200),
                new Row(get, "/incidents/{incident}/postmortem?zone=Nowhere/Land", LOGIN, 400, 400, 400, 400),
                new Row(get, "/incidents/INC-987654321/postmortem", LOGIN, 404, 404, 404, 404),
                new Row(get, "/postmortem-templates", LOGIN, 403, 403, 200, 200),
                new Row(get, "/postmortem-templates/new", LOGIN, 403, 403, 200, 200),
                new Row(post, "/postmortem-templates", LOGIN, 403, 403, 200, 200),
                new Row(get, "/postmortem-templates/987654321", LOGIN, 403, 403, 404, 404),
                new Row(post, "/postmortem-templates/987654321", LOGIN, 403, 403, 404, 404),
                new Row(post, "/postmortem-templates/987654321/delete", LOGIN, 403, 403, 404, 404),
                // admin pages
                new Row(get, "/admin/users", LOGIN, 403, 403, 403, 200),
                new Row(get, "/admin/users/new", LOGIN, 403, 403, 403, 200),
                new Row(post, "/admin/users", LOGIN, 403, 403, 403, 200),
                new Row(get, "/admin/users/{someUser}", LOGIN, 403, 403, 403, 200),
                new Row(post, "/admin/users/{someUser}", LOGIN, 403, 403, 403, 200),
                new Row(post, "/admin/users/{someUser}/password", LOGIN, 403, 403, 403, 200),
                new Row(get, "/admin/users/987654321", LOGIN, 403, 403, 403, 404),
                new Row(get, "/admin/due-dates", LOGIN, 403, 403, 403, 200),
                new Row(post, "/admin/due-dates", LOGIN, 403, 403, 403, 200),
                // alert integrations (an empty form re-renders with its messages)
                new Row(get, "/admin/integrations", LOGIN, 403, 403, 403, 200),
                new Row(get, "/admin/integrations/new", LOGIN, 403, 403, 403, 200),
                new Row(post, "/admin/integrations", LOGIN, 403, 403, 403, 200),
                new Row(get, "/admin/integrations/987654321", LOGIN, 403, 403, 403, 404),
                new Row(post, "/admin/integrations/987654321", LOGIN, 403, 403, 403, 404),
                new Row(post, "/admin/integrations/987654321/enabled?enabled=false", LOGIN, 403, 403, 403, 404),
                new Row(post, "/admin/integrations/987654321/secret", LOGIN, 403, 403, 403, 404),
                new Row(post, "/admin/integrations/987654321/delete", LOGIN, 403, 403, 403, 404),
                // outbound webhooks (an empty form re-renders with its messages)
                new Row(get, "/admin/webhooks", LOGIN, 403, 403, 403, 200),
                // email: the state and a test email (an empty address re-renders the form with its message)
                new Row(get, "/admin/email", LOGIN, 403, 403, 403, 200),
                new Row(post, "/admin/email/test", LOGIN, 403, 403, 403, 200),
                new Row(get, "/admin/webhooks/new", LOGIN, 403, 403, 403, 200),
                new Row(post, "/admin/webhooks", LOGIN, 403, 403, 403, 200),
                new Row(get, "/admin/webhooks/987654321", LOGIN, 403, 403, 403, 404),
                new Row(post, "/admin/webhooks/987654321", LOGIN, 403, 403, 403, 404),
                new Row(post, "/admin/webhooks/987654321/enabled?enabled=false", LOGIN, 403, 403, 403, 404),
                new Row(post, "/admin/webhooks/987654321/test", LOGIN, 403, 403, 403, 404),
                new Row(post, "/admin/webhooks/987654321/delete", LOGIN, 403, 403, 403, 404),
                // alerts in: the intake checks the integration's own secret, not who is signed in
                new Row(get, "/alerts", LOGIN, 200, 200, 200, 200),
                new Row(post, "/hooks/alerts/987654321", 404, 404, 404, 404, 404, "{}"),
                // API and operations
                new Row(get, "/api/me", 401, 200, 200, 200, 200),
                new Row(get, "/api/openapi.json", 401, 200, 200, 200, 200),
                new Row(get, "/api/incidents", 401, 200, 200, 200, 200),
                new Row(get, "/api/incidents/{incident}", 401, 200, 200, 200, 200),
                new Row(get, "/api/search?q=matrix", 401, 200, 200, 200, 200),
                new Row(get, "/api/search?q=matrix&from=someday", 401, 400, 400, 400, 400),
                new Row(post, "/api/incidents", 401, 403, 400, 400, 400, "{}"),
                new Row(HttpMethod.PATCH, "/api/incidents/{incident}", 401, 403, 403, 400, 400, "{}"),
                new Row(get, "/api/incidents/{incident}/timeline", 401, 200, 200, 200, 200),
                new Row(post, "/api/incidents/{incident}/timeline", 401, 403, 400, 400, 400, "{}"),
                new Row(post, "/api/incidents/{fresh}/timeline", 401, 403, 201, 201, 201, "{\"text\":\"seen\"}"),
                // key moments: only for those who may change the incident (the matrix users have not joined it)
                new Row(post, "/api/incidents/{fresh}/timeline", 401, 403, 403, 201, 201,
                        "{\"text\":\"started\",\"tags\":[\"START\"],\"replaceSummaryTimes\":true}"),
                new Row(post, "/api/incidents/{fresh}/responders", 401, 403, 201, 201, 201),
                new Row(HttpMethod.DELETE, "/api/incidents/{fresh}/responders/me", 401, 403, 200, 200, 200),
                new Row(post, "/api/incidents/INC-987654321/responders", 401, 403, 404, 404, 404),
                new Row(get, "/api/incidents/{incident}/actions", 401, 200, 200, 200, 200),
                new Row(get, "/api/incidents/{incident}/postmortem.md", 401, 200, 200, 200, 200),
                new Row(get, "/api/incidents/{incident}/postmortem.pdf", 401, 200, 200, 200, 200),
                new Row(get, "/api/incidents/{incident}/postmortem.md?clock=25", 401, 400, 400, 400, 400),
                new Row(get, "/api/incidents/INC-987654321/postmortem.md", 401, 404, 404, 404, 404),
                new Row(get, "/api/actions?status=any&overdue=true&page=0&size=10", 401, 200, 200, 200, 200),
                new Row(get, "/api/actions?status=FOO", 401, 400, 400, 400, 400),
                new Row(get, "/api/insights?from=2024-01-01&to=2024-12-31&groupBy=severity", 401, 200, 200, 200, 200),
                new Row(get, "/api/insights?groupBy=week", 401, 400, 400, 400, 400),
                new Row(post, "/api/incidents/{incident}/actions", 401, 403, 403, 400, 400, "{}"),
                new Row(post, "/api/imports", 401, 403, 415, 415, 415, "{}"),
                // alert integrations: admins only, reading included
                new Row(get, "/api/integrations", 401, 403, 403, 403, 200),
                new Row(get, "/api/integrations/987654321", 401, 403, 403, 403, 404),
                new Row(post, "/api/integrations", 401, 403, 403, 403, 400, "{}"),
                new Row(HttpMethod.PATCH, "/api/integrations/987654321", 401, 403, 403, 403, 404, "{}"),
                new Row(post, "/api/integrations/987654321/secret", 401, 403, 403, 403, 404),
                new Row(HttpMethod.DELETE, "/api/integrations/987654321", 401, 403, 403, 403, 404),
                // outbound webhooks and their delivery logs: admins only, reading included
                new Row(get, "/api/webhooks", 401, 403, 403, 403, 200),
                new Row(get, "/api/webhooks/987654321", 401, 403, 403, 403, 404),
                new Row(post, "/api/webhooks", 401, 403, 403, 403, 400, "{}"),
                new Row(HttpMethod.PATCH, "/api/webhooks/987654321", 401, 403, 403, 403, 404, "{}"),
                new Row(HttpMethod.DELETE, "/api/webhooks/987654321", 401, 403, 403, 403, 404),
                new Row(post, "/api/webhooks/987654321/test", 401, 403, 403, 403, 404),
                new Row(get, "/api/webhooks/987654321/deliveries", 401, 403, 403, 403, 404),
                new Row(get, "/api/no-such-endpoint", 401, 404, 404, 404, 404),
                new Row(get, "/actuator/prometheus", 401, 403, 403, 403, 200));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachRoleGetsTheExpectedAnswer(Row row) throws Exception {
        List<Integer> actual = new java.util.ArrayList<>();
        actual.add(send(row, null).getStatus());
        for (Role role : Role.values()) {
            actual.add(send(row, users.get(role)).getStatus());
        }
        assertThat(actual).as("anonymous, VIEWER, RESPONDER, MANAGER, ADMIN").isEqualTo(row.expected());

        if (row.anonymous() == LOGIN && !row.path().equals("/login")) {
            assertThat(send(row, null).getRedirectedUrl()).endsWith("/login");
        }
    }

    // ---- one incident: each role, joined or not, or its commander

    /** Who the user is to the incident: their role, and whether they joined it or command it. */
    enum Part {
        VIEWER(Role.VIEWER, false, false), VIEWER_JOINED(Role.VIEWER, true, false),
        RESPONDER(Role.RESPONDER, false, false), RESPONDER_JOINED(Role.RESPONDER, true, false),
        RESPONDER_COMMANDER(Role.RESPONDER, false, true),
        MANAGER(Role.MANAGER, false, false), MANAGER_JOINED(Role.MANAGER, true, false),
        ADMIN(Role.ADMIN, false, false), ADMIN_JOINED(Role.ADMIN, true, false);

        final Role role;
        final boolean joined;
        final boolean commander;

        Part(Role role, boolean joined, boolean commander) {
            this.role = role;
            this.joined = joined;
            this.commander = commander;
        }
    }

    private static final Map<Part, HindsightUser> parts = new EnumMap<>(Part.class);

    /** One request (or a few in a row) on a fresh incident; the status of the last one counts. */
    @FunctionalInterface
    interface Act {
        MockHttpServletResponse on(AuthorizationMatrixTest test, String key, HindsightUser who) throws Exception;
    }

    /**
     * An action and the status expected for each {@link Part}, in their order: VIEWER, VIEWER joined, RESPONDER,
     * RESPONDER joined, RESPONDER commanding, MANAGER, MANAGER joined, ADMIN, ADMIN joined.
     */
    record PartRow(String name, Act act, int... expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<PartRow> partRows() {
        return Stream.of(
                new PartRow("log a note (API)", (t, key, who) -> t.api(HttpMethod.POST, "/api/incidents/" + key
                        + "/timeline", "{\"text\":\"seen\"}", who), 403, 403, 201, 201, 201, 201, 201, 201, 201),
                new PartRow("log a START key moment replacing the start (API)", (t, key, who) -> t.api(HttpMethod.POST,
                        "/api/incidents/" + key + "/timeline", "{\"text\":\"started earlier\",\"at\":\"2020-01-01T00:00:00Z\","
                                + "\"tags\":[\"START\"],\"replaceSummaryTimes\":true}", who),
                        403, 403, 403, 201, 201, 201, 201, 201, 201),
                new PartRow("log a key moment (page)", (t, key, who) -> t.page(HttpMethod.POST, "/incidents/" + key
                        + "/timeline?text=Mitigated&kind=ACTION&keyMoment=MITIGATED", who),
                        403, 403, 200, 302, 302, 302, 302, 302, 302),
                new PartRow("PATCH title and severity (API)", (t, key, who) -> t.api(HttpMethod.PATCH,
                        "/api/incidents/" + key, "{\"title\":\"Mine now\",\"severity\":\"SEV1\",\"version\":"
                                + t.incidents.details(key).version() + "}", who),
                        403, 403, 403, 200, 200, 200, 200, 200, 200),
                new PartRow("log a note, then PATCH the title (API)", (t, key, who) -> {
                    t.api(HttpMethod.POST, "/api/incidents/" + key + "/timeline", "{\"text\":\"I am here\"}", who);
                    return t.api(HttpMethod.PATCH, "/api/incidents/" + key, "{\"title\":\"Mine now\",\"version\":"
                            + t.incidents.details(key).version() + "}", who);
                }, 403, 403, 403, 200, 200, 200, 200, 200, 200),
                new PartRow("open the edit form", (t, key, who) -> t.page(HttpMethod.GET, "/incidents/" + key
                        + "/edit", who), 403, 403, 403, 200, 200, 200, 200, 200, 200),
                new PartRow("move the status", (t, key, who) -> t.page(HttpMethod.POST, "/incidents/" + key
                        + "/status?status=IDENTIFIED", who), 403, 403, 403, 302, 302, 302, 302, 302, 302),
                new PartRow("confirm a summary time", (t, key, who) -> t.page(HttpMethod.POST, "/incidents/" + key
                        + "/summary-times?time=MITIGATED&at=2099-01-01T00:00:00Z", who),
                        403, 403, 403, 302, 302, 302, 302, 302, 302),
                new PartRow("add an action item (empty form)", (t, key, who) -> t.page(HttpMethod.POST,
                        "/incidents/" + key + "/actions", who), 403, 403, 403, 200, 200, 200, 200, 200, 200),
                new PartRow("join (API)", (t, key, who) -> t.api(HttpMethod.POST, "/api/incidents/" + key
                        + "/responders", null, who), 403, 403, 201, 200, 201, 201, 200, 201, 200),
                new PartRow("join, then PATCH the title (API)", (t, key, who) -> {
                    t.api(HttpMethod.POST, "/api/incidents/" + key + "/responders", null, who);
                    return t.api(HttpMethod.PATCH, "/api/incidents/" + key, "{\"title\":\"Mine now\",\"version\":"
                            + t.incidents.details(key).version() + "}", who);
                }, 403, 403, 200, 200, 200, 200, 200, 200, 200),
                new PartRow("leave, then PATCH the title (API)", (t, key, who) -> {
                    t.api(HttpMethod.DELETE, "/api/incidents/" + key + "/responders/me", null, who);
                    return t.api(HttpMethod.PATCH, "/api/incidents/" + key, "{\"title\":\"Mine now\",\"version\":"
                            + t.incidents.details(key).version() + "}", who);
                }, 403, 403, 403, 403, 200, 200, 200, 200, 200),
                new PartRow("join (page)", (t, key, who) -> t.page(HttpMethod.POST, "/incidents/" + key + "/join",
                        who), 403, 403, 302, 302, 302, 302, 302, 302, 302));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("partRows")
    void eachRoleJoinedOrNotGetsTheExpectedAnswer(PartRow row) throws Exception {
        List<Integer> actual = new java.util.ArrayList<>();
        for (Part part : Part.values()) {
            HindsightUser who = parts.get(part);
            String key = declare(part.commander ? who : null);
            if (part.joined) {
                listAsResponder(key, who);
            }
            actual.add(row.act().on(this, key, who).getStatus());
        }
        assertThat(actual).as(java.util.Arrays.toString(Part.values()))
                .isEqualTo(java.util.Arrays.stream(row.expected()).boxed().toList());
    }

    /** The declaring manager lists {@code who} among the incident's responders (as the edit form does). */
    private void listAsResponder(String key, HindsightUser who) {
        var now = incidents.details(key);
        Map<org.hindsight.incident.SummaryTime, java.time.Instant> times =
                new EnumMap<>(org.hindsight.incident.SummaryTime.class);
        for (org.hindsight.incident.SummaryTime time : org.hindsight.incident.SummaryTime.values()) {
            times.put(time, now.get(time));
        }
        incidents.update(declarer, key, org.hindsight.incident.IncidentCommands.IncidentChanges.from(now).times(times)
                .responders(List.of(who.getUsername())).rootCauseSummary(null).rootCause(null).resolution(null)
                .contributingFactors(null).lessons(null).notes(null).build());
    }

    private MockHttpServletResponse api(HttpMethod method, String path, String json, HindsightUser who)
            throws Exception {
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(method, path).with(csrf()).with(user(who));
        if (json != null) {
            request.contentType(org.springframework.http.MediaType.APPLICATION_JSON).content(json);
        }
        return mvc.perform(request).andReturn().getResponse();
    }

    private MockHttpServletResponse page(HttpMethod method, String path, HindsightUser who) throws Exception {
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(method, path).with(user(who));
        if (method != HttpMethod.GET) {
            request.with(csrf());
        }
        return mvc.perform(request).andReturn().getResponse();
    }

    private MockHttpServletResponse send(Row row, HindsightUser who) throws Exception {
        String path = row.path().replace("{someUser}", Long.toString(someUserId)).replace("{incident}", incident);
        if (path.contains("{fresh}")) {
            path = path.replace("{fresh}", declare(null));
        }
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(row.method(), path);
        if (row.method() != HttpMethod.GET) {
            request.with(csrf());
        }
        if (row.json() != null) {
            request.contentType(org.springframework.http.MediaType.APPLICATION_JSON).content(row.json());
        }
        if (who != null) {
            request.with(user(who));
        }
        return mvc.perform(request).andReturn().getResponse();
    }
}
