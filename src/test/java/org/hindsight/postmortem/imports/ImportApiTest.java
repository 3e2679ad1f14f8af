package org.hindsight.postmortem.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hindsight.support.ApiCalls.problemNaming;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import org.hindsight.action.ActionItemService;
import org.hindsight.incident.IncidentService;
import org.hindsight.support.ApiCalls;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.timeline.TimelineService;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import tools.jackson.databind.json.JsonMapper;

/** {@code POST /api/imports}: a Markdown postmortem in, an incident (or with dryRun its parsed form) out. */
@DatabaseTest
class ImportApiTest {

    private static final MediaType MARKDOWN = MediaType.parseMediaType("text/markdown");

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    JsonMapper json;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    @Autowired
    ActionItemService actions;

    @Autowired
    JdbcTemplate jdbc;

    ApiCalls api;
    HindsightUser responder;

    @BeforeEach
    void setUp() {
        api = new ApiCalls(mvc, json, "10.81");
        responder = users.create("importer", Role.RESPONDER);
    }

    private MockHttpServletRequestBuilder importing(String path, String markdown) {
        return post(path).contentType(MARKDOWN).content(markdown.getBytes(StandardCharsets.UTF_8));
    }

    private long incidentCount() {
        return jdbc.queryForObject("select count(*) from incident", Long.class);
    }

    @Test
    void importsTheReferenceDocumentAsANewIncident() throws Exception {
        MvcResult result = mvc.perform(importing("/api/imports", ImportTestDocs.read("import/reference.md"))
                        .with(api.basic(responder)))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", org.hamcrest.Matchers.matchesPattern("/api/incidents/INC-\\d+")))
                .andExpect(jsonPath("$.understood.events").value(8))
                .andExpect(jsonPath("$.understood.actionItems").value(7))
                .andExpect(jsonPath("$.understood.fields", hasItem("rootCause")))
                .andExpect(jsonPath("$.keptAsNotes").isEmpty())
                .andReturn();
        String key = (String) api.body(result).get("key");
        assertThat(result.getResponse().getHeader("Location")).endsWith("/" + key);

        var incident = incidents.details(key);
        assertThat(incident.title()).isEqualTo("Outage Incident Report");
        assertThat(incident.startedAt()).isEqualTo(Instant.parse("2024-05-12T09:00:00Z"));
        assertThat(incident.resolvedAt()).isEqualTo(Instant.parse("2024-05-12T11:30:00Z"));
        assertThat(incident.lessons()).startsWith("This incident highlighted");
        assertThat(timeline.timeline(responder, incident.id()).rows()).hasSize(8);
        assertThat(actions.forIncident(responder, incident.id())).hasSize(7);
        // the API reads the new incident back at its Location
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .get(result.getResponse().getHeader("Location")).with(api.basic(responder)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.rootCause", containsString("improper routing")));
    }

    @Test
    void aDryRunAnswersWhatWasUnderstoodAndSavesNothing() throws Exception {
        long before = incidentCount();
        mvc.perform(importing("/api/imports?dryRun=true", ImportTestDocs.read("INC-1.md")).with(api.basic(responder)))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.title").value("Load balancer outage on the main website"))
                .andExpect(jsonPath("$.severity").value("SEV2"))
                .andExpect(jsonPath("$.times.resolvedAt").value("2024-05-12T11:30:00Z"))
                .andExpect(jsonPath("$.events.length()").value(8))
                .andExpect(jsonPath("$.events[5].kind").value("DEAD_END"))
                .andExpect(jsonPath("$.actions[0].owner").value("@maria.lopez"))
                .andExpect(jsonPath("$.actions[0].status").value("DONE"));
        assertThat(incidentCount()).isEqualTo(before);
    }

    @Test
    void theDryRunSaysWhereEachSummaryTimeWasReadAndWhichAreGuesses() throws Exception {
        mvc.perform(importing("/api/imports?dryRun=true", ImportTestDocs.read("INC-1.md")).with(api.basic(responder)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.evidence.startedAt.source").value("from the \"Duration\" line"))
                .andExpect(jsonPath("$.evidence.startedAt.guess").value(false));
        String prose = "# Checkout errors\n\nOn 2024-07-09 the checkout failed for a while. The incident was "
                + "mitigated at 14:20 UTC.\n\n## Timeline\n\n- 13:55 UTC Error rate climbs\n"
                + "- 14:20 UTC Rollback finished\n- 16:00 UTC Postmortem meeting booked\n";
        mvc.perform(importing("/api/imports?dryRun=true", prose).with(api.basic(responder)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.times.startedAt").value("2024-07-09T13:55:00Z"))
                .andExpect(jsonPath("$.evidence.startedAt.code").value("import.evidence.firstEntry"))
                .andExpect(jsonPath("$.times.mitigatedAt").value("2024-07-09T14:20:00Z"))
                .andExpect(jsonPath("$.evidence.mitigatedAt.source",
                        containsString("The incident was mitigated at 14:20 UTC")))
                // the mitigation, not the last entry: a meeting booked later is no end of the incident
                .andExpect(jsonPath("$.times.resolvedAt").value("2024-07-09T14:20:00Z"))
                .andExpect(jsonPath("$.evidence.resolvedAt.code").value("import.evidence.mitigated"))
                .andExpect(jsonPath("$.evidence.resolvedAt.guess").value(true))
                .andExpect(jsonPath("$.warnings[*].code", hasItem("import.warning.dateFromProse")));
    }

    @Test
    void timesWithoutZoneOrDateTakeTheGivenOnes() throws Exception {
        String doc = "# Checkout errors\n\n## Timeline\n\n- 23:50 Error rate climbs\n- 00:20 Rollback finished\n";
        mvc.perform(importing("/api/imports", doc).with(api.basic(responder)))
                .andExpect(status().isUnprocessableContent()).andExpect(problemNaming("date"));
        mvc.perform(importing("/api/imports?dryRun=true&zone=Europe/Berlin&date=2024-03-09", doc)
                        .with(api.basic(responder)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.events[0].at").value("2024-03-09T22:50:00Z"))
                .andExpect(jsonPath("$.events[1].at").value("2024-03-09T23:20:00Z"));
        mvc.perform(importing("/api/imports?dryRun=true&zone=Mars/Olympus", doc).with(api.basic(responder)))
                .andExpect(status().isBadRequest()).andExpect(problemNaming("zone"));
        mvc.perform(importing("/api/imports?dryRun=true&date=12.05.2024", doc).with(api.basic(responder)))
                .andExpect(status().isBadRequest()).andExpect(problemNaming("date"));
    }

    @Test
    void ownersWithoutAnAccountAreReportedAndKept() throws Exception {
        String doc = "# Cache stampede\n\n## Action items\n\n- [ ] Add jitter to cache expiry (owner: Nobody Known, due 2024-07-01)\n";
        MvcResult result = mvc.perform(importing("/api/imports", doc).with(api.basic(responder)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.warnings[*].code", hasItem("import.warning.ownerUnmatched")))
                .andReturn();
        var incident = incidents.details((String) api.body(result).get("key"));
        assertThat(actions.forIncident(responder, incident.id())).singleElement().satisfies(a -> {
            assertThat(a.owner()).isNull();
            assertThat(a.details()).contains("Nobody Known");
            assertThat(a.dueDate()).hasToString("2024-07-01");
        });
    }

    @Test
    void anAccountNamedNullIsMatchedAsAnOwner() throws Exception {
        users.createNamed("null", java.time.ZoneId.of("UTC"), Role.RESPONDER);
        String doc = "# Null pointer\n\n## Action items\n\n- [ ] Guard the cache loader (owner: @null, due 2024-07-01)\n"
                + "- [ ] Add a test for empty keys (owner: null, due 2024-07-02)\n";
        MvcResult result = mvc.perform(importing("/api/imports", doc).with(api.basic(responder)))
                .andExpect(status().isCreated())
                .andReturn();
        assertThat(json.writeValueAsString(api.body(result).get("warnings"))).doesNotContain("ownerUnmatched");
        var incident = incidents.details((String) api.body(result).get("key"));
        assertThat(actions.forIncident(responder, incident.id())).hasSize(2)
                .allSatisfy(a -> assertThat(a.owner()).isEqualTo("null"));
    }

    @Test
    void overLongTextIsShortenedWithWarningsNeverAServerError() throws Exception {
        String doc = "# " + "T".repeat(300) + "\n\n## Impact\n\n" + "impact ".repeat(4000)
                + "\n\n## Timeline\n\n- 2024-05-12 09:00 UTC " + "long event text ".repeat(400) + "\n";
        MvcResult result = mvc.perform(importing("/api/imports", doc).with(api.basic(responder)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.warnings[*].code", hasItem("import.warning.titleShortened")))
                .andExpect(jsonPath("$.warnings[*].code", hasItem("import.warning.fieldShortened")))
                .andExpect(jsonPath("$.warnings[*].code", hasItem("import.warning.eventShortened")))
                .andReturn();
        var incident = incidents.details((String) api.body(result).get("key"));
        assertThat(incident.title()).hasSizeLessThanOrEqualTo(200);
        assertThat(incident.impact()).hasSizeLessThanOrEqualTo(20000);
        assertThat(timeline.timeline(responder, incident.id()).rows()).singleElement()
                .satisfies(row -> assertThat(row.text()).hasSizeLessThanOrEqualTo(4000));
    }

    @Test
    void anEmptyBodyIsRefusedNamingTheBody() throws Exception {
        mvc.perform(importing("/api/imports", "  \n").with(api.basic(responder)))
                .andExpect(status().isUnprocessableContent()).andExpect(problemNaming("body"));
    }

    @Test
    void binaryJunkIsRefusedClearly() throws Exception {
        byte[] junk = {(byte) 0x89, 'P', 'N', 'G', 0, 0, (byte) 0xff, (byte) 0xfe, 1, 2};
        mvc.perform(post("/api/imports").contentType(MARKDOWN).content(junk).with(api.basic(responder)))
                .andExpect(status().isUnprocessableContent()).andExpect(problemNaming("body"))
                .andExpect(jsonPath("$.detail", containsString("UTF-8")));
        mvc.perform(importing("/api/imports", "# Title\n\n## Impact\n\nnul \u0000 inside").with(api.basic(responder)))
                .andExpect(status().isUnprocessableContent()).andExpect(problemNaming("body"));
    }

    @Test
    void aFiveMegabyteBodyIsTooLarge() throws Exception {
        byte[] big = new byte[5 * 1024 * 1024];
        Arrays.fill(big, (byte) 'a');
        long before = incidentCount();
        mvc.perform(post("/api/imports").contentType(MARKDOWN).content(big).with(api.basic(responder)))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail", containsString("1 MB")));
        assertThat(incidentCount()).isEqualTo(before);
    }

    @Test
    void aBodyLargerThanTheLimitIsRefusedWhileReadingItEvenWithoutALength() {
        var endless = new java.io.InputStream() {
            long served;

            @Override
            public int read() {
                served++;
                return 'a';
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImportText.read(endless, -1, "body"))
                .isInstanceOfSatisfying(ImportRefusedException.class, e -> assertThat(e.status()).isEqualTo(413));
        assertThat(endless.served).isLessThan(ImportText.MAX_BYTES + 64 * 1024);
    }

    @Test
    void aDocumentWithoutAnyKnownSectionIsRefusedSayingWhatWasExpected() throws Exception {
        String prose = "Dear team,\n\nthings went badly yesterday. Sorry about that.\n";
        mvc.perform(importing("/api/imports", prose).with(api.basic(responder)))
                .andExpect(status().isUnprocessableContent()).andExpect(problemNaming("body"))
                .andExpect(jsonPath("$.detail", containsString("Timeline")));
        mvc.perform(importing("/api/imports?dryRun=true", prose).with(api.basic(responder)))
                .andExpect(status().isUnprocessableContent()).andExpect(problemNaming("body"));
    }

    @Test
    void otherContentTypesAreUnsupported() throws Exception {
        mvc.perform(post("/api/imports").contentType(MediaType.APPLICATION_JSON).content("{\"title\":\"x\"}")
                        .with(api.basic(responder)))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(post("/api/imports").contentType(MediaType.TEXT_PLAIN)
                        .content(ImportTestDocs.read("import/reference.md")).with(api.basic(responder)))
                .andExpect(status().isCreated());
    }

    @Test
    void viewersMayNotImportAndStrangersMustSignIn() throws Exception {
        HindsightUser viewer = users.create("import-viewer", Role.VIEWER);
        mvc.perform(importing("/api/imports", ImportTestDocs.read("import/reference.md")).with(api.basic(viewer)))
                .andExpect(status().isForbidden());
        ApiCalls.expectUnauthorized(mvc.perform(importing("/api/imports", ImportTestDocs.read("import/reference.md"))
                .with(TestUsers.from(api.nextAddress()))));
    }
}
