package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hindsight.support.TestUsers.from;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hindsight.support.ApiCalls;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.ApiTokenService;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/openapi.json}: the machine-readable description of the JSON API, for every signed-in user and
 * nobody else. It must describe the API as it answers: its paths, bodies and time formats.
 */
@DatabaseTest
class OpenApiTest {

    private static final String DOC = "/api/openapi.json";

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    JsonMapper json;

    @Autowired
    ApiTokenService tokens;

    ApiCalls api;

    @BeforeEach
    void callTheApi() {
        api = new ApiCalls(mvc, json, "10.34");
    }

    @Test
    void anonymousCallersGet401ProblemDetails() throws Exception {
        ApiCalls.expectUnauthorized(mvc.perform(get(DOC)));
        mvc.perform(get(DOC).header(HttpHeaders.AUTHORIZATION, "Bearer hs_not-a-token"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        HindsightUser viewer = users.create("openapi-badpw", Role.VIEWER);
        mvc.perform(get(DOC).with(httpBasic(viewer.getUsername(), "wrong")).with(from(api.nextAddress())))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void everySignedInRoleReadsItWithoutASession() throws Exception {
        for (Role role : Role.values()) {
            HindsightUser user = users.create("openapi-" + role.name().toLowerCase(), role);
            MvcResult result = mvc.perform(get(DOC).with(api.basic(user)))
                    .andExpect(status().isOk())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                    .andExpect(jsonPath("$.openapi").value(org.hamcrest.Matchers.startsWith("3.")))
                    .andReturn();
            assertThat(result.getResponse().getHeader(HttpHeaders.SET_COOKIE)).as(role.name()).isNull();
            assertThat(result.getRequest().getSession(false)).as(role.name()).isNull();
        }
        HindsightUser bot = users.create("openapi-token", Role.VIEWER);
        String token = tokens.create(bot.getId(), "client generator").value();
        mvc.perform(get(DOC).header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths").isMap());
    }

    @Test
    void itDescribesEveryEndpointOfTheApiAndNothingElse() throws Exception {
        Map<String, Object> doc = doc();
        Map<String, Map<String, Object>> paths = map(doc.get("paths"));
        // the JSON API, and the one path where alert senders post (with an integration's secret)
        assertThat(paths.keySet()).allMatch(path -> path.startsWith("/api/") || path.equals("/hooks/alerts/{id}"));
        assertThat(paths.get("/api/incidents")).containsKeys("get", "post");
        assertThat(paths.get("/api/incidents/{key}")).containsKeys("get", "patch");
        assertThat(paths.get("/api/incidents/{key}/timeline")).containsKeys("get", "post");
        assertThat(paths.get("/api/incidents/{key}/actions")).containsKeys("get", "post");
        assertThat(paths.get("/api/actions/{id}")).containsKeys("get", "patch");
        assertThat(paths).containsKey("/api/me");

        // operation ids are unique, so generated clients compile
        List<Object> ids = new ArrayList<>();
        paths.values().forEach(operations -> operations.values().forEach(op -> ids.add(map(op).get("operationId"))));
        assertThat(ids).doesNotHaveDuplicates().doesNotContainNull();
    }

    @Test
    void theSignedInUserIsNotARequestParameter() throws Exception {
        Map<String, Map<String, Object>> paths = map(doc().get("paths"));
        for (var path : paths.entrySet()) {
            for (var operation : path.getValue().entrySet()) {
                List<Object> parameters = list(map(operation.getValue()).getOrDefault("parameters", List.of()));
                for (Object parameter : parameters) {
                    assertThat(map(parameter).get("name")).as(operation.getKey() + " " + path.getKey())
                            .isNotIn("me", "user", "username", "password", "authorities", "principal");
                }
            }
        }
        assertThat(json.writeValueAsString(doc())).doesNotContain("passwordHash").doesNotContain("\"password\"");
    }

    @Test
    void theBodiesAreDescribedWithTheirRequiredFieldsAndFormats() throws Exception {
        Map<String, Map<String, Object>> schemas = map(map(doc().get("components")).get("schemas"));

        Map<String, Object> newIncident = schemas.get("NewIncidentJson");
        assertThat(list(newIncident.get("required"))).contains("title", "severity");
        assertThat(property(newIncident, "startedAt")).containsEntry("format", "date-time");
        assertThat(list(property(newIncident, "severity").get("enum"))).containsExactly("SEV1", "SEV2", "SEV3", "SEV4");
        assertThat(property(newIncident, "impact")).containsEntry("maxLength", 20000);

        Map<String, Object> incident = schemas.get("IncidentJson");
        assertThat(map(incident.get("properties"))).containsKeys("key", "title", "severity", "status", "startedAt",
                "detectedAt", "mitigatedAt", "resolvedAt", "impact", "usersAffectedPercent", "services", "commander",
                "rootCause", "resolution", "contributingFactors", "lessons", "durations", "version");
        for (String time : List.of("startedAt", "detectedAt", "mitigatedAt", "resolvedAt")) {
            assertThat(property(incident, time)).as(time).containsEntry("format", "date-time");
        }

        Map<String, Object> newEvent = schemas.get("NewEventJson");
        assertThat(list(newEvent.get("required"))).contains("text");
        assertThat(property(newEvent, "text")).containsEntry("maxLength", 4000);
        // a date-time with an offset, or relative to now as on the incident page (issue 14)
        assertThat(property(newEvent, "at")).containsEntry("type", "string").containsEntry("example", "-5m")
                .containsEntry("maxLength", 64);
        assertThat((String) property(newEvent, "at").get("description")).contains("ISO-8601").contains("-5m");

        Map<String, Object> newAction = schemas.get("NewActionJson");
        assertThat(list(newAction.get("required"))).contains("title", "type");
        assertThat(property(newAction, "dueDate")).containsEntry("format", "date");
    }

    @Test
    void createOperationsDocumentTheStatusTheyAnswer() throws Exception {
        Map<String, Map<String, Object>> paths = map(doc().get("paths"));
        // Regression (was a bug): springdoc infers "200" for the three create operations (ResponseEntity return type), but they answer
        // 201 Created with a Location header: POST /api/incidents, /api/incidents/{key}/timeline and
        // /api/incidents/{key}/actions. Add @ApiResponse(responseCode = "201") (or @ResponseStatus(CREATED)) so
        // generated clients and contract checks expect what the API does.
        for (String path : List.of("/api/incidents", "/api/incidents/{key}/timeline", "/api/incidents/{key}/actions")) {
            Map<String, Object> responses = map(map(paths.get(path).get("post")).get("responses"));
            assertThat(responses).as("POST " + path).containsKey("201");
        }
    }

    @Test
    void joiningAndLeavingAreDescribedWithTheirAnswers() throws Exception {
        Map<String, Map<String, Object>> paths = map(doc().get("paths"));
        Map<String, Object> join = map(paths.get("/api/incidents/{key}/responders").get("post"));
        assertThat(map(join.get("responses"))).containsKeys("201", "200", "403");
        assertThat(json.writeValueAsString(map(map(join.get("responses")).get("201")).get("content")))
                .contains("#/components/schemas/IncidentJson");
        Map<String, Object> leave = map(paths.get("/api/incidents/{key}/responders/me").get("delete"));
        assertThat(map(leave.get("responses"))).containsKeys("200", "403");
        Map<String, Object> log = map(paths.get("/api/incidents/{key}/timeline").get("post"));
        assertThat(map(log.get("responses"))).containsKeys("201", "403");
        assertThat((String) log.get("summary")).contains("join it first");
    }

    @Test
    void theAlertIntakeIsDescribedWithItsThreeShapesItsSecretAndItsAnswers() throws Exception {
        Map<String, Object> doc = doc();
        Map<String, Object> receive = map(map(map(doc.get("paths")).get("/hooks/alerts/{id}")).get("post"));
        assertThat((String) receive.get("description")).contains("ALERTMANAGER").contains("GRAFANA")
                .contains("GENERIC").contains("Authorization: Bearer <secret>");
        assertThat(map(receive.get("responses"))).containsKeys("200", "400", "401", "403", "404", "413", "422");
        Map<String, Object> body = map(map(map(receive.get("requestBody")).get("content")).get("application/json"));
        assertThat(map(body.get("examples"))).containsKeys("alertmanager", "grafana", "generic", "genericArray");
        assertThat(list(receive.get("security"))).containsExactly(Map.of("integrationSecret", List.of()));
        assertThat(map(map(map(doc.get("components")).get("securitySchemes")).get("integrationSecret")))
                .containsEntry("type", "http").containsEntry("scheme", "bearer");
    }

    // ---- helpers

    private Map<String, Object> doc() throws Exception {
        HindsightUser viewer = users.create("openapi-reader", Role.VIEWER);
        String body = mvc.perform(get(DOC).with(api.basic(viewer))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        return map(json.readValue(body, Map.class));
    }

    private static Map<String, Object> property(Map<String, Object> schema, String name) {
        Map<String, Object> properties = map(schema.get("properties"));
        assertThat(properties).containsKey(name);
        return map(properties.get(name));
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, V>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }
}
