package org.hindsight.postmortem.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.hindsight.example.ExampleIncident;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.IncidentStatus;
import org.hindsight.incident.Severity;
import org.hindsight.support.ApiCalls;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.json.JsonMapper;

/**
 * The review state machine through the API: every allowed and refused step, approvals counted per round, changes
 * requested, publication as numbered versions kept unchanged by later edits, re-publication after changes, the line
 * diff between versions, and the completeness check.
 */
@DatabaseTest
@Transactional
class ReviewApiTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestUsers users;

    @Autowired
    ApplicationContext context;

    @Autowired
    IncidentService incidents;

    @Autowired
    PostmortemReviews reviews;

    private ApiCalls api;
    private HindsightUser lead;
    private HindsightUser alice;
    private HindsightUser bob;
    private String key;

    @BeforeEach
    void setUp() {
        api = new ApiCalls(mvc, json, "10.78");
        lead = users.create("rv-lead", Role.MANAGER);
        alice = users.create("rv-alice", Role.VIEWER);
        bob = users.create("rv-bob", Role.RESPONDER);
        key = ExampleIncident.load(context);
    }

    private ResultActions send(HindsightUser who, String step, Object body) throws Exception {
        return mvc.perform(post("/api/incidents/" + key + "/postmortem/" + step).with(api.basic(who))
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body)));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private byte[] pdf(int number) throws Exception {
        return mvc.perform(get("/api/incidents/" + key + "/postmortem/versions/" + number + ".pdf")
                        .with(api.basic(alice)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
    }

    private String markdown(int version) throws Exception {
        return mvc.perform(get("/api/incidents/" + key + "/postmortem/versions/" + version + ".md")
                        .with(api.basic(alice)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void aPostmortemGoesFromDraftThroughReviewToPublishedVersions() throws Exception {
        mvc.perform(get("/api/incidents/" + key + "/postmortem").with(api.basic(alice)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("DRAFT"))
                .andExpect(jsonPath("$.template").value("reference"))
                .andExpect(jsonPath("$.checklist[*].met", contains(true, true, true, true, true, true, true)))
                .andExpect(jsonPath("$.versions").isEmpty());

        // nothing to decide or publish before a review; the reviewers must be real, active and not yourself
        send(lead, "publish", Map.of()).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail", containsString("send the postmortem to review first")));
        send(alice, "verdict", Map.of("verdict", "APPROVE")).andExpect(status().isConflict());
        send(lead, "review", Map.of("reviewers", List.of())).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("reviewers"));
        send(lead, "review", Map.of("reviewers", List.of("nobody-here"))).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail", containsString("nobody-here")));
        send(lead, "review", Map.of("reviewers", List.of(lead.getUsername())))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.field").value("reviewers"));
        send(alice, "review", Map.of("reviewers", List.of(bob.getUsername()))).andExpect(status().isForbidden());

        send(lead, "review", Map.of("reviewers", List.of(alice.getUsername()))).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("IN_REVIEW")).andExpect(jsonPath("$.round").value(1))
                .andExpect(jsonPath("$.reviewers[0].username").value(alice.getUsername()))
                .andExpect(jsonPath("$.reviewers[0].verdict").doesNotExist());
        send(lead, "review", Map.of("reviewers", List.of(bob.getUsername()))).andExpect(status().isConflict());
        // only the reviewers named give a verdict; asking for changes needs a comment
        send(bob, "verdict", Map.of("verdict", "APPROVE")).andExpect(status().isForbidden());
        send(alice, "verdict", Map.of("verdict", "MAYBE")).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("verdict"));
        send(alice, "verdict", Map.of("verdict", "REQUEST_CHANGES")).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("comment"));
        send(alice, "verdict", Map.of("verdict", "REQUEST_CHANGES", "comment", "Name the dead end's cost"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("DRAFT"))
                .andExpect(jsonPath("$.reviewers[0].verdict").value("REQUEST_CHANGES"))
                .andExpect(jsonPath("$.reviewers[0].comment").value("Name the dead end's cost"));
        send(lead, "publish", Map.of()).andExpect(status().isConflict());

        // a new round: the earlier verdicts no longer count
        send(lead, "review", Map.of("reviewers", List.of(alice.getUsername(), bob.getUsername())))
                .andExpect(status().isOk()).andExpect(jsonPath("$.round").value(2))
                .andExpect(jsonPath("$.approvals").value(0));
        send(lead, "publish", Map.of()).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail", containsString("needs 1 approval(s) in this round; it has 0")));
        send(alice, "verdict", Map.of("verdict", "approve", "comment", "Good")).andExpect(status().isOk())
                .andExpect(jsonPath("$.approvals").value(1));
        send(lead, "publish", Map.of("template", "sre")).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("PUBLISHED"))
                .andExpect(jsonPath("$.versions[0].number").value(1))
                .andExpect(jsonPath("$.versions[0].publishedBy").value(lead.getUsername()))
                .andExpect(jsonPath("$.versions[0].template").value("sre"))
                .andExpect(jsonPath("$.changedSince").value(false));
        String first = markdown(1);
        assertThat(first).contains("Load balancer");
        byte[] firstPdf = pdf(1);
        assertThat(new String(firstPdf, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        send(lead, "publish", Map.of()).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail", containsString("Nothing changed since version 1")));
        send(lead, "review", Map.of("reviewers", List.of(alice.getUsername()))).andExpect(status().isConflict());

        // a later edit (the title, which the PDF's page tops show, included) marks it changed; version 1's
        // downloads stay byte for byte as they were published
        incidents.change(lead, key, b -> b.impact("Half of the checkout requests failed for 40 minutes.")
                .title("Load balancer dropped half of the checkout requests"));
        mvc.perform(get("/api/incidents/" + key + "/postmortem").with(api.basic(alice)))
                .andExpect(jsonPath("$.changedSince").value(true));
        assertThat(markdown(1)).isEqualTo(first);
        assertThat(sha256(pdf(1))).as("version 1's PDF").isEqualTo(sha256(firstPdf));

        send(lead, "review", Map.of("reviewers", List.of(bob.getUsername()))).andExpect(status().isOk());
        send(bob, "verdict", Map.of("verdict", "APPROVE")).andExpect(status().isOk());
        send(lead, "publish", Map.of("template", "sre")).andExpect(status().isOk())
                .andExpect(jsonPath("$.versions[*].number", contains(1, 2)));
        assertThat(markdown(2)).contains("Half of the checkout requests failed").isNotEqualTo(first);
        assertThat(reviews.diff(alice, key, 1, 2)).anySatisfy(line -> {
            assertThat(line.kind()).isEqualTo("added");
            assertThat(line.text()).contains("Half of the checkout requests failed");
        }).anySatisfy(line -> assertThat(line.kind()).isEqualTo("removed"))
                .anySatisfy(line -> assertThat(line.kind()).isEqualTo("same"));
        mvc.perform(get("/api/incidents/" + key + "/postmortem/versions/3.md").with(api.basic(alice)))
                .andExpect(status().isNotFound());

        // the incident list filters by the postmortem's state, and shows it
        mvc.perform(get("/api/incidents").param("postmortem", "PUBLISHED").param("q", "Load balancer")
                        .with(api.basic(alice)))
                .andExpect(jsonPath("$.items[*].key", hasItem(key)))
                .andExpect(jsonPath("$.items[0].postmortemState").value("PUBLISHED"));
        mvc.perform(get("/api/incidents").param("postmortem", "IN_REVIEW").param("q", "Load balancer")
                        .with(api.basic(alice)))
                .andExpect(jsonPath("$.items[*].key", org.hamcrest.Matchers.not(hasItem(key))));
    }

    @Test
    void anIncompletePostmortemIsNotPublishedAndSaysWhatItLacks() throws Exception {
        String bare = incidents.create(lead, new NewIncident("Queue backlog", Severity.SEV3,
                IncidentStatus.INVESTIGATING, Instant.parse("2024-05-12T09:00:00Z"), null, null, null, List.of(),
                null));
        mvc.perform(post("/api/incidents/" + bare + "/postmortem/review").with(api.basic(lead))
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("reviewers", List.of(alice.getUsername())))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.checklist[?(@.item == 'startedAt')].met", contains(true)))
                .andExpect(jsonPath("$.checklist[?(@.item == 'mitigatedAt')].met", contains(false)));
        mvc.perform(post("/api/incidents/" + bare + "/postmortem/verdict").with(api.basic(alice))
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("verdict", "APPROVE")))).andExpect(status().isOk());
        mvc.perform(post("/api/incidents/" + bare + "/postmortem/publish").with(api.basic(lead)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.unmet", hasItems("mitigatedAt", "impact", "rootCause", "resolution",
                        "actionItem")))
                .andExpect(jsonPath("$.unmet", org.hamcrest.Matchers.not(hasItem("startedAt"))))
                .andExpect(jsonPath("$.errors[0].field").value("checklist"));
    }

    @Test
    void withNoApprovalsRequiredADraftIsPublishedAndClosesAnIncidentInPostmortemWhenTheSettingSaysSo()
            throws Exception {
        HindsightUser admin = users.create("rv-admin", Role.ADMIN);
        var before = reviews.settings();
        reviews.updateSettings(admin, 0, true, before.version());
        incidents.changeStatus(lead, key, IncidentStatus.POSTMORTEM);
        send(lead, "publish", Map.of()).andExpect(status().isOk()).andExpect(jsonPath("$.state").value("PUBLISHED"));
        assertThat(incidents.details(key).status()).isEqualTo(IncidentStatus.CLOSED);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reviews.updateSettings(lead, 2, false,
                reviews.settings().version())).isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
        reviews.updateSettings(admin, before.approvalsRequired(), before.closeOnPublish(), reviews.settings().version());
    }

    @Test
    void aBadTemplateOrTooFewReviewersAreNamedAndAnActionItemChangeCountsAsAChange() throws Exception {
        HindsightUser admin = users.create("rv-admin2", Role.ADMIN);
        var before = reviews.settings();
        reviews.updateSettings(admin, 2, false, before.version());
        send(lead, "review", Map.of("reviewers", List.of(alice.getUsername()))).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("reviewers"))
                .andExpect(jsonPath("$.detail", containsString("at least 2 reviewers")));
        reviews.updateSettings(admin, 0, false, reviews.settings().version());
        send(lead, "publish", Map.of("template", "no-such-template")).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("template"));
        send(lead, "publish", Map.of()).andExpect(status().isOk()).andExpect(jsonPath("$.changedSince").value(false));
        // an action item is part of the postmortem: changing one is a change since version 1
        mvc.perform(post("/api/incidents/" + key + "/actions").with(api.basic(lead))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("title", "Alert on config drift", "type", "DETECTIVE"))))
                .andExpect(status().isCreated());
        mvc.perform(get("/api/incidents/" + key + "/postmortem").with(api.basic(alice)))
                .andExpect(jsonPath("$.changedSince").value(true));
        reviews.updateSettings(admin, before.approvalsRequired(), before.closeOnPublish(), reviews.settings().version());
    }
}
