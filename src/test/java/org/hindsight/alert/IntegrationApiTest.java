package org.hindsight.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hindsight.alert.AlertIntakeTest.alert;
import static org.hindsight.alert.AlertIntakeTest.notification;
import static org.hindsight.support.ApiCalls.obj;
import static org.hindsight.support.ApiCalls.problemNaming;
import static org.hindsight.support.ApiCalls.refusalNaming;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.hindsight.support.ApiCalls;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/integrations}: admins create, read, change, rotate and delete integrations; the secret is in the
 * answers to creating and rotating only, and the database holds its SHA-256 alone. Checked against the intake.
 */
@DatabaseTest
class IntegrationApiTest {

    private static final String API = "/api/integrations";

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcTemplate jdbc;

    private ApiCalls api;
    private HindsightUser admin;

    @BeforeEach
    void anAdmin() {
        api = new ApiCalls(mvc, json, "10.52");
        admin = users.create("integration-api-admin", Role.ADMIN);
    }

    @Test
    void creatingAnswersTheSecretOnceAndStoresOnlyItsHash() throws Exception {
        String name = TestUsers.unique("Grafana");
        MvcResult result = mvc.perform(api.postJson(API, obj("name", name, "source", "GRAFANA",
                        "severityMapping", "Critical = sev1, warning=SEV3", "groupBy", "alertname", "serviceLabels",
                        null, "onAllResolved", "SET_MITIGATED")).with(api.basic(admin)))
                .andExpect(status().isCreated())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andReturn();
        ApiCalls.assertNoSession(result);
        Map<String, Object> created = api.body(result);
        long id = ((Number) created.get("id")).longValue();
        String secret = (String) created.get("secret");
        assertThat(result.getResponse().getHeader(HttpHeaders.LOCATION))
                .isEqualTo("http://localhost" + API + "/" + id);
        assertThat(created).containsEntry("name", name).containsEntry("source", "GRAFANA")
                .containsEntry("enabled", true).containsEntry("url", "http://localhost/hooks/alerts/" + id)
                .containsEntry("severityLabel", "severity")
                .containsEntry("severityMapping", "critical=SEV1,warning=SEV3")
                .containsEntry("defaultSeverity", "SEV4").containsEntry("serviceLabels", "service,job")
                .containsEntry("groupBy", "alertname").containsEntry("onAllResolved", "SET_MITIGATED")
                .containsKeys("createdAt", "version");
        assertThat(secret).startsWith("hsa_").hasSizeGreaterThanOrEqualTo(40);
        assertThat(created.get("secretHint")).isEqualTo(secret.substring(0, 8));

        String stored = jdbc.queryForObject("select secret_hash from integration where id = ?", String.class, id);
        assertThat(stored).isNotEqualTo(secret).isEqualTo(sha256Hex(secret));
        assertThat(jdbc.queryForMap("select * from integration where id = ?", id).values())
                .allMatch(value -> value == null || !value.toString().contains(secret.substring(4)));

        for (String path : List.of(API, API + "/" + id)) {
            String answer = mvc.perform(get(path).with(api.basic(admin))).andExpect(status().isOk()).andReturn()
                    .getResponse().getContentAsString();
            assertThat(answer).as(path).contains(name).doesNotContain(secret.substring(4)).doesNotContain("\"secret\"");
        }
        mvc.perform(get(API + "/" + id).with(api.basic(admin)))
                .andExpect(jsonPath("$.url").value("http://localhost/hooks/alerts/" + id))
                .andExpect(jsonPath("$.secretHint").value(secret.substring(0, 8)));
        assertThat(send(id, secret)).isEqualTo(200);
    }

    @Test
    void badInputIsAProblemNamingTheField() throws Exception {
        String name = TestUsers.unique("Bad");
        create(name);
        expect(api.postJson(API, obj("source", "ALERTMANAGER")), 400, "name");
        expect(api.postJson(API, obj("name", "x".repeat(101), "source", "ALERTMANAGER")), 400, "name");
        expect(api.postJson(API, obj("name", "No source")), 400, "source");
        expect(api.postJson(API, obj("name", "Nagios", "source", "NAGIOS")), 400, "source");
        expect(api.postJson(API, obj("name", "Odd", "source", "GENERIC", "severityMapping", "critical=SEV7")), 422,
                "severityMapping");
        expect(api.postJson(API, obj("name", "Odd", "source", "GENERIC", "groupBy", "alert-name")), 422, "groupBy");
        expect(api.postJson(API, obj("name", "Odd", "source", "GENERIC", "serviceLabels", "a".repeat(201))), 400,
                "serviceLabels");
        expect(api.postJson(API, obj("name", name.toLowerCase(), "source", "GENERIC")), 422, "name");
        assertThat(jdbc.queryForObject("select count(*) from integration where name in ('Nagios', 'Odd')",
                Integer.class)).isZero();
    }

    @Test
    void aPatchNeedsTheVersionLastReadAndChangesWhatItNames() throws Exception {
        Map<String, Object> created = create(TestUsers.unique("Patched"));
        long id = ((Number) created.get("id")).longValue();
        String secret = (String) created.get("secret");
        long version = ((Number) created.get("version")).longValue();

        expect(api.patchJson(API + "/" + id, obj("enabled", false)), 400, "version");
        expect(api.patchJson(API + "/" + id, obj("secret", "hsa_mine", "version", version)), 400, "secret");
        expect(api.patchJson(API + "/" + id, obj("enabled", "no", "version", version)), 400, "enabled");
        expect(api.patchJson(API + "/" + id, obj("severityMapping", "loud", "version", version)), 422,
                "severityMapping");

        String renamed = TestUsers.unique("Renamed");
        Map<String, Object> changed = api.body(mvc.perform(api.patchJson(API + "/" + id, obj("name", renamed,
                "enabled", false, "groupBy", "alertname,team", "version", version)).with(api.basic(admin)))
                .andExpect(status().isOk()).andReturn());
        assertThat(changed).containsEntry("name", renamed).containsEntry("enabled", false)
                .containsEntry("groupBy", "alertname,team").containsEntry("severityMapping",
                        created.get("severityMapping")).doesNotContainKey("secret");
        assertThat(send(id, secret)).isEqualTo(403);

        // a second change from the version read before the first: refused, nothing overwritten
        mvc.perform(api.patchJson(API + "/" + id, obj("name", "Stale", "enabled", true, "version", version))
                        .with(api.basic(admin)))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.current.name").value(renamed))
                .andExpect(jsonPath("$.current.secret").doesNotExist());
        mvc.perform(get(API + "/" + id).with(api.basic(admin))).andExpect(jsonPath("$.name").value(renamed))
                .andExpect(jsonPath("$.enabled").value(false));
        assertThat(send(id, secret)).isEqualTo(403);
    }

    @Test
    void aRotatedSecretReplacesTheOldOne() throws Exception {
        Map<String, Object> created = create(TestUsers.unique("Rotated"));
        long id = ((Number) created.get("id")).longValue();
        String old = (String) created.get("secret");
        Map<String, Object> rotated = api.body(mvc.perform(post(API + "/" + id + "/secret").with(api.basic(admin)))
                .andExpect(status().isOk()).andReturn());
        String secret = (String) rotated.get("secret");
        assertThat(secret).startsWith("hsa_").isNotEqualTo(old);
        assertThat(rotated).containsEntry("id", (int) id).containsEntry("secretHint", secret.substring(0, 8));
        assertThat(jdbc.queryForObject("select secret_hash from integration where id = ?", String.class, id))
                .isEqualTo(sha256Hex(secret));
        assertThat(send(id, old)).isEqualTo(401);
        assertThat(send(id, secret)).isEqualTo(200);
    }

    @Test
    void aDeletedIntegrationIsGone() throws Exception {
        Map<String, Object> created = create(TestUsers.unique("Deleted"));
        long id = ((Number) created.get("id")).longValue();
        assertThat(send(id, (String) created.get("secret"))).isEqualTo(200);
        mvc.perform(delete(API + "/" + id).with(api.basic(admin))).andExpect(status().isNoContent());
        assertThat(send(id, (String) created.get("secret"))).isEqualTo(404);
        for (var request : List.of(get(API + "/" + id), delete(API + "/" + id), post(API + "/" + id + "/secret"),
                api.patchJson(API + "/" + id, obj("name", "Back", "version", 0)))) {
            mvc.perform(request.with(api.basic(admin))).andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
    }

    @Test
    void onlyAdminsMayUseIt() throws Exception {
        Map<String, Object> created = create(TestUsers.unique("Guarded"));
        long id = ((Number) created.get("id")).longValue();
        for (Role role : List.of(Role.VIEWER, Role.RESPONDER, Role.MANAGER)) {
            HindsightUser other = users.create("integration-api-" + role.name().toLowerCase(), role);
            for (var request : List.of(get(API), get(API + "/" + id), post(API + "/" + id + "/secret"),
                    delete(API + "/" + id), api.postJson(API, obj("name", "Mine", "source", "GENERIC")),
                    api.patchJson(API + "/" + id, obj("enabled", false, "version", created.get("version"))))) {
                MvcResult result = mvc.perform(request.with(api.basic(other))).andReturn();
                assertThat(result.getResponse().getStatus()).as(role + " " + result.getRequest().getMethod() + " "
                        + result.getRequest().getRequestURI()).isEqualTo(403);
                assertThat(result.getResponse().getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                assertThat(result.getResponse().getContentAsString()).doesNotContain("hsa_");
            }
        }
        ApiCalls.expectUnauthorized(mvc.perform(get(API)));
        assertThat(send(id, (String) created.get("secret"))).isEqualTo(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theApiDescriptionListsTheEndpointsAndKeepsTheSecretOutOfReads() throws Exception {
        Map<String, Object> doc = api.body(mvc.perform(get("/api/openapi.json").with(api.basic(admin)))
                .andExpect(status().isOk()).andReturn());
        Map<String, Map<String, Map<String, Object>>> paths = map(doc.get("paths"));
        assertThat(paths.get(API)).containsKeys("get", "post");
        assertThat(paths.get(API + "/{id}")).containsKeys("get", "patch", "delete");
        assertThat(paths.get(API + "/{id}/secret")).containsKeys("post");
        assertThat(map(paths.get(API).get("post").get("responses"))).containsKeys("201", "400", "422", "403");
        assertThat(map(paths.get(API + "/{id}").get("delete").get("responses"))).containsKeys("204", "404");
        assertThat(map(paths.get(API + "/{id}").get("patch").get("responses"))).containsKeys("200", "409");
        assertThat(map(map(map(paths.get(API + "/{id}").get("get").get("responses")).get("404")).get("content")))
                .containsOnlyKeys("application/problem+json");
        assertThat((String) paths.get(API).get("post").get("summary")).contains("secret");
        assertThat(json.writeValueAsString(paths.get(API + "/{id}").get("patch"))).contains("IntegrationPatchJson");

        Map<String, Map<String, Object>> schemas = map(map(doc.get("components")).get("schemas"));
        assertThat(map(schemas.get("IntegrationJson").get("properties"))).containsKeys("url", "secretHint", "version")
                .doesNotContainKey("secret");
        assertThat(map(schemas.get("IntegrationSecretJson").get("properties"))).containsKey("secret");
        assertThat((List<Object>) schemas.get("NewIntegrationJson").get("required")).contains("name", "source");
    }

    // ---- helpers

    private Map<String, Object> create(String name) throws Exception {
        return api.body(mvc.perform(api.postJson(API, obj("name", name, "source", "ALERTMANAGER"))
                .with(api.basic(admin))).andExpect(status().isCreated()).andReturn());
    }

    private void expect(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
            int status, String field) throws Exception {
        mvc.perform(request.with(api.basic(admin))).andExpect(status().is(status))
                .andExpect(status == 422 ? refusalNaming(field) : problemNaming(field));
    }

    private int send(long id, String secret) throws Exception {
        String payload = notification(TestUsers.unique("{}:{alertname=\"ApiTest\"}"), "firing",
                alert(TestUsers.unique("fp"), "firing", "ApiTest", "api", "critical", "2026-03-02T10:00:00Z", null));
        return mvc.perform(post("/hooks/alerts/" + id).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + secret).content(payload))
                .andReturn().getResponse().getStatus();
    }

    private static String sha256Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, V>) value;
    }
}
