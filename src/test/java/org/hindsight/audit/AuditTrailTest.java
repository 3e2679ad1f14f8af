package org.hindsight.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.hibernate.annotations.Immutable;
import org.hindsight.audit.AuditViews.AuditView;
import org.hindsight.support.ApiCalls;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Changes through the API and the pages leave audit entries with who, the channel, the record and each field's
 * old and new value; a refused change leaves none; sign-ins and failed sign-ins are recorded; the trail is
 * append-only; an incident's history and the admin's search read it.
 */
@DatabaseTest
@Transactional
class AuditTrailTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestUsers users;

    @Autowired
    AuditLog log;

    @Autowired
    JdbcTemplate jdbc;

    @Value("${hindsight.test.database:h2}")
    String database;

    private ApiCalls api;
    private HindsightUser lead;
    private HindsightUser viewer;

    @BeforeEach
    void setUp() {
        api = new ApiCalls(mvc, json, "10.79");
        lead = users.create("au-lead", Role.MANAGER);
        viewer = users.create("au-viewer", Role.VIEWER);
    }

    private JsonNode send(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
            Object body, int expected) throws Exception {
        var response = mvc.perform(request.contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body))).andReturn().getResponse();
        String answer = response.getContentAsString(StandardCharsets.UTF_8);
        assertThat(response.getStatus()).as(answer).isEqualTo(expected);
        return answer.isBlank() ? null : json.readTree(answer);
    }

    private List<AuditView> history(String key) {
        return log.history(key, 0).items();
    }

    @Test
    void changesThroughTheApiAndThePagesAreRecordedWithWhoChannelAndFields() throws Exception {
        JsonNode created = send(post("/api/incidents").with(api.basic(lead)), Map.of("title", "Cache stampede",
                "severity", "SEV2", "impact", "Pages slow"), 201);
        String key = created.get("key").asString();
        assertThat(history(key)).anySatisfy(e -> {
            assertThat(e).extracting(AuditView::actor, AuditView::channel, AuditView::type, AuditView::action,
                    AuditView::field, AuditView::to)
                    .containsExactly(lead.getUsername(), "API", "incident", "CREATED", "title", "Cache stampede");
        });

        send(patch("/api/incidents/" + key).with(api.basic(lead)), Map.of("impact", "Pages slow for EU users",
                "version", created.get("version").asLong()), 200);
        assertThat(history(key).get(0)).extracting(AuditView::action, AuditView::field, AuditView::from,
                AuditView::to).containsExactly("CHANGED", "impact", "Pages slow", "Pages slow for EU users");

        // a refused change leaves no entry: a stale version, and a viewer's attempt
        int before = history(key).size();
        send(patch("/api/incidents/" + key).with(api.basic(lead)), Map.of("impact", "lost", "version", 0), 409);
        send(patch("/api/incidents/" + key).with(api.basic(viewer)), Map.of("impact", "lost"), 403);
        assertThat(history(key)).hasSize(before);

        mvc.perform(post("/incidents/" + key + "/status").with(user(lead)).with(csrf()).param("status", "IDENTIFIED"))
                .andExpect(status().is3xxRedirection());
        assertThat(history(key)).anySatisfy(e -> assertThat(e).extracting(AuditView::channel, AuditView::field,
                AuditView::from, AuditView::to).containsExactly("PAGE", "status", "INVESTIGATING", "IDENTIFIED"));

        JsonNode event = send(post("/api/incidents/" + key + "/timeline").with(api.basic(lead)),
                Map.of("text", "Purged the cache keys"), 201);
        assertThat(history(key)).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("timeline event");
            assertThat(e.id()).isEqualTo(event.get("id").asString());
            assertThat(e.to()).contains("Purged the cache keys");
        });

        JsonNode item = send(post("/api/incidents/" + key + "/actions").with(api.basic(lead)),
                Map.of("title", "Add request coalescing", "type", "CORRECTIVE", "owner", lead.getUsername()), 201);
        send(patch("/api/actions/" + item.get("id").asLong()).with(api.basic(lead)),
                Map.of("status", "DONE", "version", item.get("version").asLong()), 200);
        assertThat(history(key)).anySatisfy(e -> assertThat(e).extracting(AuditView::type, AuditView::field,
                AuditView::from, AuditView::to).containsExactly("action item", "status", "OPEN", "DONE"));

        // newest first, through the API too, for viewers
        mvc.perform(get("/api/incidents/" + key + "/history").with(api.basic(viewer)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].type").value("action item"))
                .andExpect(jsonPath("$.items[*].channel", hasItem("PAGE")))
                .andExpect(jsonPath("$.items[*].actor", hasItem(lead.getUsername())));
        assertThat(mvc.perform(get("/incidents/" + key + "/history").with(user(viewer))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("Pages slow for EU users").contains("Add request coalescing");
    }

    @Test
    void signInsAndRefusedSignInsAreRecordedAndAdminsSearchTheTrail() throws Exception {
        mvc.perform(post("/login").with(csrf()).param("username", viewer.getUsername()).param("password",
                TestUsers.PASSWORD)).andExpect(status().is3xxRedirection());
        mvc.perform(post("/login").with(csrf()).param("username", viewer.getUsername()).param("password", "wrong"))
                .andExpect(status().is3xxRedirection());
        HindsightUser admin = users.create("au-admin", Role.ADMIN);
        mvc.perform(get("/api/audit").param("actor", viewer.getUsername()).param("type", "sign-in")
                        .with(api.basic(admin)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[*].action", org.hamcrest.Matchers.containsInAnyOrder("SIGN_IN_FAILED",
                        "SIGNED_IN")));
        mvc.perform(get("/api/audit").with(api.basic(lead))).andExpect(status().isForbidden());
        mvc.perform(get("/api/audit").param("from", "yesterday").with(api.basic(admin)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.field").value("from"));
        assertThat(mvc.perform(get("/admin/audit").param("actor", viewer.getUsername()).with(user(admin)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("signed in").contains("sign-in refused");
    }

    @Test
    void aLockoutIsRecordedOnceAndAttemptsRefusedWhileLockedAddNothing() throws Exception {
        HindsightUser target = users.create("au-locked", Role.RESPONDER);
        // five wrong passwords lock the account (hindsight.login.max-failures-per-account); then seven more tries,
        // the right password among them, are refused without a check
        for (int i = 0; i < 12; i++) {
            mvc.perform(post("/login").with(csrf()).with(TestUsers.from("10.79.0.12"))
                            .param("username", target.getUsername())
                            .param("password", i == 8 ? TestUsers.PASSWORD : "wrong-" + i))
                    .andExpect(status().is3xxRedirection());
        }
        assertThat(log.search(new AuditLog.AuditFilter(target.getUsername(), "sign-in", null, null), 0).items())
                .extracting(AuditView::action)
                .containsExactly("LOCKED_OUT", "SIGN_IN_FAILED", "SIGN_IN_FAILED", "SIGN_IN_FAILED",
                        "SIGN_IN_FAILED");
    }

    @Test
    void aNewApiTokenIsRecordedUnderItsOwner() throws Exception {
        mvc.perform(post("/profile/tokens").with(user(viewer)).with(csrf()).param("name", "nightly export"))
                .andExpect(status().is3xxRedirection());
        assertThat(log.search(new AuditLog.AuditFilter(viewer.getUsername(), "API token", null, null), 0).items())
                .singleElement().satisfies(e -> {
                    assertThat(e.channel()).isEqualTo("PAGE");
                    assertThat(e.to()).isEqualTo(viewer.getUsername() + ": nightly export");
                });
    }

    @Test
    void aLongTextsChangeIsKeptWholeAsALineDiffEvenPastTheCut() throws Exception {
        StringBuilder analysis = new StringBuilder();
        for (int line = 1; line <= 60; line++) {
            analysis.append("Step ").append(line).append(": the pool of connection slots was checked and found full.\n");
        }
        String before = analysis.toString();
        assertThat(before.length()).isGreaterThan(3000);
        // one line changed, far past the first 2,000 characters the values keep
        String after = before.replace("Step 55: the pool", "Step 55: the replica's pool");
        JsonNode created = send(post("/api/incidents").with(api.basic(lead)), Map.of("title", "Pool exhaustion",
                "severity", "SEV3"), 201);
        String key = created.get("key").asString();
        JsonNode first = send(patch("/api/incidents/" + key).with(api.basic(lead)), Map.of("rootCause", before,
                "version", created.get("version").asLong()), 200);
        send(patch("/api/incidents/" + key).with(api.basic(lead)), Map.of("rootCause", after,
                "version", first.get("version").asLong()), 200);

        AuditView change = history(key).get(0);
        assertThat(change).extracting(AuditView::action, AuditView::field).containsExactly("CHANGED", "rootCause");
        assertThat(change.from()).hasSizeLessThanOrEqualTo(2000).endsWith("\u2026");
        assertThat(change.diff().lines()).contains("-Step 55: the pool of connection slots was checked and found full.",
                "+Step 55: the replica's pool of connection slots was checked and found full.")
                .noneMatch(line -> line.contains("Step 40"));
        mvc.perform(get("/api/incidents/" + key + "/history").with(api.basic(viewer)))
                .andExpect(jsonPath("$.items[0].diff", org.hamcrest.Matchers.containsString("+Step 55: the replica's")));
        assertThat(mvc.perform(get("/incidents/" + key + "/history").with(user(viewer))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("Step 55: the replica&#39;s pool");
        // a long text written where there was none is kept whole too
        assertThat(history(key).get(1)).satisfies(e -> {
            assertThat(e.from()).isNull();
            assertThat(e.diff()).contains("+Step 1: the pool", "+Step 60: the pool");
        });
    }

    @Test
    void templatesAndCalendarFeedsAreRecorded() throws Exception {
        mvc.perform(post("/postmortem-templates").with(user(lead)).with(csrf()).param("name", "Short audit form")
                .param("body", "# {{title}}").param("version", "0")).andExpect(status().is3xxRedirection());
        assertThat(log.search(new AuditLog.AuditFilter(lead.getUsername(), "postmortem template", null, null), 0)
                .items()).extracting(AuditView::channel, AuditView::field, AuditView::to)
                .contains(org.assertj.core.groups.Tuple.tuple("PAGE", "name", "Short audit form"));
        mvc.perform(post("/profile/calendar").with(user(viewer)).with(csrf())).andExpect(status().is3xxRedirection());
        mvc.perform(post("/profile/calendar/revoke").with(user(viewer)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(log.search(new AuditLog.AuditFilter(viewer.getUsername(), "calendar feed", null, null), 0)
                .items()).extracting(AuditView::action).containsExactly("DELETED", "NEW_SECRET");
    }

    @Test
    void anImportIsRecordedAsAnImport() throws Exception {
        String doc = "# Queue backlog\n\n## Timeline\n\n- 2024-05-12 09:00 UTC Backlog alert\n"
                + "- 2024-05-12 09:40 UTC Consumers scaled out\n\n## Action items\n\n- Alert on consumer lag\n";
        String answer = mvc.perform(post("/api/imports").with(api.basic(lead))
                        .contentType("text/markdown").content(doc))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        String key = json.readTree(answer).get("key").asString();
        assertThat(history(key)).isNotEmpty().allSatisfy(e -> {
            assertThat(e.channel()).isEqualTo("IMPORT");
            assertThat(e.actor()).isEqualTo(lead.getUsername());
        }).extracting(AuditView::type).contains("incident", "timeline event", "action item");
    }

    @Test
    void theTrailIsAppendOnly() throws IOException {
        assertThat(AuditEntry.class.isAnnotationPresent(Immutable.class)).isTrue();
        assertThat(Arrays.stream(AuditEntryRepository.class.getMethods()).map(Method::getName))
                .noneMatch(name -> name.startsWith("delete") || name.startsWith("update") || name.startsWith("remove"));
        try (Stream<Path> files = Files.walk(Path.of("src/main"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
                assertThat(text).as(file.toString()).doesNotContain("update audit_entry")
                        .doesNotContain("delete from audit_entry").doesNotContain("update auditentry")
                        .doesNotContain("delete from auditentry").doesNotContain("truncate table audit_entry");
            }
        }
        if (database.equals("postgres")) { // and the database refuses it (a row trigger: one row to refuse)
            jdbc.update("insert into audit_entry (at, actor, channel, record_type, record_id, action)"
                    + " values (current_timestamp, 'au-test', 'SYSTEM', 'incident', 'INC-0', 'CREATED')");
            assertThatThrownBy(() -> jdbc.update("update audit_entry set actor = 'someone else'"))
                    .hasMessageContaining("append-only");
            // the refused update aborted this transaction: the delete is tried on a connection of its own
            try (var connection = jdbc.getDataSource().getConnection(); var statement = connection.createStatement()) {
                connection.setAutoCommit(true);
                statement.executeUpdate("insert into audit_entry (at, actor, channel, record_type, record_id, action)"
                        + " values (current_timestamp, 'au-test', 'SYSTEM', 'incident', 'INC-0', 'CREATED')");
                assertThatThrownBy(() -> statement.executeUpdate("delete from audit_entry where actor = 'au-test'"))
                        .hasMessageContaining("append-only");
            } catch (java.sql.SQLException e) {
                throw new AssertionError(e);
            }
        }
    }
}
