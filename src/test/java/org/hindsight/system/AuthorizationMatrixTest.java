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
 * Every page and endpoint, tried anonymously and with each role, against the answer each should get.
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
        HindsightUser declarer = testUsers.create("matrix-declarer", Role.MANAGER);
        incident = incidents.create(declarer, new org.hindsight.incident.IncidentCommands.NewIncident("Matrix",
                org.hindsight.incident.Severity.SEV4, null, null, null, null, null, List.of(), null));
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
                new Row(get, "/actions.csv", LOGIN, 200, 200, 200, 200),
                // bulk changes: managers only (an empty selection re-renders the page with its message)
                new Row(post, "/actions", LOGIN, 403, 403, 200, 200),
                new Row(post, "/profile/calendar", LOGIN, 302, 302, 302, 302),
                new Row(post, "/profile/calendar/revoke", LOGIN, 302, 302, 302, 302),
                // the calendar feed needs no sign-in: the secret in its URL is the credential
                new Row(get, "/actions/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics", 404, 404, 404, 404, 404),
                new Row(get, "/actions/calendar/x.ics/more", LOGIN, 404, 404, 404, 404),
                new Row(post, "/actions/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics", LOGIN, 405, 405, 405, 405),
                new Row(get, "/profile", LOGIN, 200, 200, 200, 200),
                new Row(post, "/profile/tokens", LOGIN, 200, 200, 200, 200),
                new Row(post, "/profile/password", LOGIN, 200, 200, 200, 200),
                new Row(get, "/no-such-page", LOGIN, 404, 404, 404, 404),
                // incidents
                new Row(get, "/incidents/{incident}", LOGIN, 200, 200, 200, 200),
                new Row(get, "/incidents/INC-987654321", LOGIN, 404, 404, 404, 404),
                new Row(get, "/incidents/new", LOGIN, 403, 200, 200, 200),
                new Row(post, "/incidents", LOGIN, 403, 200, 200, 200),
                new Row(get, "/incidents/{incident}/edit", LOGIN, 403, 403, 200, 200),
                new Row(post, "/incidents/{incident}/status?status=INVESTIGATING", LOGIN, 403, 403, 302, 302),
                new Row(post, "/incidents/{incident}/timeline", LOGIN, 403, 200, 200, 200),
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
                // API and operations
                new Row(get, "/api/me", 401, 200, 200, 200, 200),
                new Row(get, "/api/openapi.json", 401, 200, 200, 200, 200),
                new Row(get, "/api/incidents", 401, 200, 200, 200, 200),
                new Row(get, "/api/incidents/{incident}", 401, 200, 200, 200, 200),
                new Row(post, "/api/incidents", 401, 403, 400, 400, 400, "{}"),
                new Row(HttpMethod.PATCH, "/api/incidents/{incident}", 401, 403, 403, 400, 400, "{}"),
                new Row(get, "/api/incidents/{incident}/timeline", 401, 200, 200, 200, 200),
                new Row(post, "/api/incidents/{incident}/timeline", 401, 403, 400, 400, 400, "{}"),
                new Row(get, "/api/incidents/{incident}/actions", 401, 200, 200, 200, 200),
                new Row(get, "/api/incidents/{incident}/postmortem.md", 401, 200, 200, 200, 200),
                new Row(get, "/api/incidents/{incident}/postmortem.pdf", 401, 200, 200, 200, 200),
                new Row(get, "/api/incidents/{incident}/postmortem.md?clock=25", 401, 400, 400, 400, 400),
                new Row(get, "/api/incidents/INC-987654321/postmortem.md", 401, 404, 404, 404, 404),
                new Row(get, "/api/actions?status=any&overdue=true&page=0&size=10", 401, 200, 200, 200, 200),
                new Row(get, "/api/actions?status=FOO", 401, 400, 400, 400, 400),
                new Row(post, "/api/incidents/{incident}/actions", 401, 403, 403, 400, 400, "{}"),
                new Row(post, "/api/imports", 401, 403, 415, 415, 415, "{}"),
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

    private MockHttpServletResponse send(Row row, HindsightUser who) throws Exception {
        String path = row.path().replace("{someUser}", Long.toString(someUserId)).replace("{incident}", incident);
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
