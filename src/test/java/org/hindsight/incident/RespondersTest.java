package org.hindsight.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hindsight.support.ApiCalls.obj;
import static org.hindsight.support.ApiCalls.problemNaming;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.hindsight.support.ApiCalls;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.system.Flash;
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
 * Who works on an incident. Any responder logs events on any incident, and stays what they were; joining (a
 * button on the page, {@code POST /api/incidents/{key}/responders}) is a recorded act that lets them change the
 * incident and set key moments, and leaving undoes it.
 */
@DatabaseTest
class RespondersTest {

    private static final String START = "2024-05-12T09:00:00Z";

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    JsonMapper json;

    @Autowired
    IncidentService incidents;

    @Autowired
    org.hindsight.timeline.TimelineService timelines;

    ApiCalls api;
    HindsightUser declarer;
    HindsightUser helper;
    String key;

    @BeforeEach
    void anIncidentAndAResponderOutsideIt() throws Exception {
        api = new ApiCalls(mvc, json, "10.41");
        declarer = users.create("rs-declarer", Role.RESPONDER);
        helper = users.create("rs-helper", Role.RESPONDER);
        key = api.createIncident(declarer, obj("title", TestUsers.unique("Responders"), "severity", "SEV2",
                "startedAt", START));
    }

    // ---- the API

    @Test
    void loggingAnEventDoesNotMakeTheAuthorOneOfTheResponders() throws Exception {
        mvc.perform(api.postJson(timeline(), obj("text", "Replica lag is 40 s", "kind", "OBSERVATION"))
                        .with(api.basic(helper)))
                .andExpect(status().isCreated());

        mvc.perform(get("/api/incidents/" + key).with(api.basic(helper)))
                .andExpect(jsonPath("$.responders", not(hasItem(helper.getUsername()))));
        assertThat(texts()).containsExactly("Replica lag is 40 s");
        mvc.perform(api.patchJson("/api/incidents/" + key, obj("title", "Taken over", "severity", "SEV1",
                        "version", version())).with(api.basic(helper)))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        assertThat(incidents.details(key).severity()).isEqualTo(Severity.SEV2);
    }

    @Test
    void aResponderWhoHasNotJoinedIsRefusedKeyMomentsWith403NamingTags() throws Exception {
        mvc.perform(api.postJson(timeline(), obj("text", "It really started here", "at", "2024-05-12T08:30:00Z",
                        "tags", List.of("START"), "replaceSummaryTimes", true)).with(api.basic(helper)))
                .andExpect(status().isForbidden())
                .andExpect(problemNaming("tags"))
                .andExpect(jsonPath("$.field").value("tags"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("Join the incident to set key moments")));
        // an unset summary time is refused just the same
        mvc.perform(api.postJson(timeline(), obj("text", "Mitigated", "tags", List.of("MITIGATED")))
                        .with(api.basic(helper)))
                .andExpect(status().isForbidden())
                .andExpect(problemNaming("tags"));

        var incident = incidents.details(key);
        assertThat(incident.startedAt()).isEqualTo(Instant.parse(START));
        assertThat(incident.mitigatedAt()).isNull();
        assertThat(texts()).as("nothing logged by a refused post").isEmpty();

        // the incident's own declarer (one of its responders) sets them
        mvc.perform(api.postJson(timeline(), obj("text", "Mitigated", "tags", List.of("MITIGATED")))
                        .with(api.basic(declarer)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.summaryTimes.applied", hasItem("MITIGATED")));
    }

    @Test
    void aKeyMomentOnAMissingIncidentIs404Not403() throws Exception {
        mvc.perform(api.postJson("/api/incidents/INC-987654321/timeline", obj("text", "x", "tags", List.of("START")))
                        .with(api.basic(helper)))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/incidents/INC-987654321/responders").with(api.basic(helper)))
                .andExpect(status().isNotFound());
    }

    @Test
    void joiningAndLeavingThroughTheApiAreRecordedOnTheTimelineAndDecideWhoChangesTheIncident() throws Exception {
        mvc.perform(post("/api/incidents/" + key + "/responders").with(api.basic(helper)))
                .andExpect(status().isCreated())
                .andExpect(header().string(HttpHeaders.LOCATION, "/api/incidents/" + key))
                .andExpect(jsonPath("$.key").value(key))
                .andExpect(jsonPath("$.responders", hasItem(helper.getUsername())));
        Map<String, Object> joined = lastEvent();
        assertThat(joined.get("text")).isEqualTo("**" + helper.getDisplayName() + "** joined as responder");
        assertThat(joined.get("author")).isEqualTo(helper.getUsername());
        assertThat(joined.get("kind")).isEqualTo("NOTE");

        // joining again changes nothing and records nothing
        mvc.perform(post("/api/incidents/" + key + "/responders").with(api.basic(helper)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.responders", hasItem(helper.getUsername())));
        assertThat(texts()).hasSize(1);

        // now key moments and the incident's fields are theirs to change
        mvc.perform(api.postJson(timeline(), obj("text", "It really started here", "at", "2024-05-12T08:30:00Z",
                        "tags", List.of("START"), "replaceSummaryTimes", true)).with(api.basic(helper)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.summaryTimes.applied", hasItem("STARTED")));
        assertThat(incidents.details(key).startedAt()).isEqualTo(Instant.parse("2024-05-12T08:30:00Z"));
        mvc.perform(api.patchJson("/api/incidents/" + key, obj("title", "Replica lag", "version", version()))
                        .with(api.basic(helper)))
                .andExpect(status().isOk());

        mvc.perform(delete("/api/incidents/" + key + "/responders/me").with(api.basic(helper)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.responders", not(hasItem(helper.getUsername()))));
        Map<String, Object> left = lastEvent();
        assertThat(left.get("text")).isEqualTo("**" + helper.getDisplayName() + "** left the responders");
        assertThat(left.get("author")).isEqualTo(helper.getUsername());
        mvc.perform(api.patchJson("/api/incidents/" + key, obj("title", "Gone", "version", version()))
                        .with(api.basic(helper)))
                .andExpect(status().isForbidden());
        mvc.perform(api.postJson(timeline(), obj("text", "Mitigated", "tags", List.of("MITIGATED")))
                        .with(api.basic(helper)))
                .andExpect(status().isForbidden())
                .andExpect(problemNaming("tags"));

        // leaving again records nothing
        int events = texts().size();
        mvc.perform(delete("/api/incidents/" + key + "/responders/me").with(api.basic(helper)))
                .andExpect(status().isOk());
        assertThat(texts()).hasSize(events);
    }

    @Test
    void viewersNeitherJoinNorLeave() throws Exception {
        HindsightUser viewer = users.create("rs-viewer", Role.VIEWER);
        mvc.perform(post("/api/incidents/" + key + "/responders").with(api.basic(viewer)))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(delete("/api/incidents/" + key + "/responders/me").with(api.basic(viewer)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/incidents/" + key + "/join").with(user(viewer)).with(csrf()))
                .andExpect(status().isForbidden());
        assertThat(incidents.details(key).responders()).extracting(IncidentViews.UserRef::username)
                .doesNotContain(viewer.getUsername());
        assertThat(texts()).isEmpty();
    }

    @Test
    void aDeclarerWhoLeavesAnIncidentSomeoneElseCommandsNoLongerChangesIt() throws Exception {
        String commanded = api.createIncident(declarer, obj("title", TestUsers.unique("Handed over"), "severity",
                "SEV3", "commander", helper.getUsername()));
        mvc.perform(delete("/api/incidents/" + commanded + "/responders/me").with(api.basic(declarer)))
                .andExpect(status().isOk());
        mvc.perform(api.patchJson("/api/incidents/" + commanded, obj("title", "Mine again?", "version",
                        incidents.details(commanded).version())).with(api.basic(declarer)))
                .andExpect(status().isForbidden());
        // the commander changes it without being listed among the responders
        mvc.perform(api.patchJson("/api/incidents/" + commanded, obj("title", "Commanded", "version",
                        incidents.details(commanded).version())).with(api.basic(helper)))
                .andExpect(status().isOk());
    }

    // ---- the incident page

    @Test
    void theIncidentPageOffersJoinToAResponderOutsideItAndTheKeyMomentControlOnlyToThoseWhoMaySetIt()
            throws Exception {
        String outside = page(helper);
        assertThat(outside).contains("id=\"join-form\"").contains("action=\"/incidents/" + key + "/join\"")
                .doesNotContain("id=\"leave-form\"")
                .contains("id=\"timeline-entry\"").doesNotContain("id=\"keyMoment\"")
                .doesNotContain("/incidents/" + key + "/edit\"");

        String declarerPage = page(declarer);
        assertThat(declarerPage).doesNotContain("id=\"join-form\"").contains("id=\"leave-form\"")
                .contains("id=\"keyMoment\"");

        HindsightUser viewer = users.create("rs-page-viewer", Role.VIEWER);
        assertThat(page(viewer)).doesNotContain("id=\"join-form\"").doesNotContain("id=\"leave-form\"")
                .doesNotContain("id=\"timeline-entry\"");

        HindsightUser manager = users.create("rs-page-manager", Role.MANAGER);
        assertThat(page(manager)).as("a manager changes it anyway, and may still join to be listed")
                .contains("id=\"join-form\"").contains("id=\"keyMoment\"");
    }

    @Test
    void joiningAndLeavingOnThePageAreRecordedOnTheTimelineAndFlashed() throws Exception {
        MvcResult joined = mvc.perform(post("/incidents/" + key + "/join").with(user(helper)).with(csrf()))
                .andExpect(status().isFound()).andReturn();
        assertThat(joined.getResponse().getRedirectedUrl()).isEqualTo("/incidents/" + key);
        Flash flash = (Flash) joined.getFlashMap().get(Flash.ATTRIBUTE);
        assertThat(flash.code()).isEqualTo("incident.joined");
        assertThat(flash.args()).containsExactly(key);

        String html = page(helper);
        assertThat(html).contains("id=\"leave-form\"").doesNotContain("id=\"join-form\"")
                .contains("id=\"keyMoment\"").contains("/incidents/" + key + "/edit\"")
                .contains("<strong>" + helper.getDisplayName() + "</strong> joined as responder");
        assertThat(incidents.details(key).responders()).extracting(IncidentViews.UserRef::username)
                .contains(helper.getUsername());

        MvcResult again = mvc.perform(post("/incidents/" + key + "/join").with(user(helper)).with(csrf()))
                .andExpect(status().isFound()).andReturn();
        assertThat(((Flash) again.getFlashMap().get(Flash.ATTRIBUTE)).code()).isEqualTo("incident.alreadyJoined");

        MvcResult left = mvc.perform(post("/incidents/" + key + "/leave").with(user(helper)).with(csrf()))
                .andExpect(status().isFound()).andReturn();
        assertThat(((Flash) left.getFlashMap().get(Flash.ATTRIBUTE)).code()).isEqualTo("incident.left");
        assertThat(page(helper)).contains("id=\"join-form\"").doesNotContain("id=\"keyMoment\"")
                .contains("<strong>" + helper.getDisplayName() + "</strong> left the responders");
        assertThat(texts()).containsExactly("**" + helper.getDisplayName() + "** joined as responder",
                "**" + helper.getDisplayName() + "** left the responders");
    }

    @Test
    void aKeyMomentPostedFromThePageByOneWhoHasNotJoinedReRendersWithTheMessageAndTheTextKept() throws Exception {
        String html = mvc.perform(post("/incidents/" + key + "/timeline").with(user(helper)).with(csrf())
                        .param("text", "Traffic back to normal").param("at", "").param("kind", "OBSERVATION")
                        .param("keyMoment", "MITIGATED"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(html).contains("value=\"Traffic back to normal\"")
                .contains("Join the incident to set key moments");

        String partial = mvc.perform(post("/incidents/" + key + "/timeline").with(user(helper)).with(csrf())
                        .header("HX-Request", "true")
                        .param("text", "Traffic back to normal").param("at", "").param("kind", "OBSERVATION")
                        .param("keyMoment", "MITIGATED"))
                .andExpect(status().isUnprocessableContent()).andReturn().getResponse().getContentAsString();
        assertThat(partial).contains("data-field=\"keyMoment\"").contains("Join the incident to set key moments");

        assertThat(incidents.details(key).mitigatedAt()).isNull();
        assertThat(texts()).isEmpty();
    }

    @Test
    void anAuthorOutsideTheIncidentEditsTheTextOfTheirEventButNotItsKeyMoments() throws Exception {
        // logged while they had joined; then they left
        mvc.perform(post("/api/incidents/" + key + "/responders").with(api.basic(helper))).andExpect(status().isCreated());
        long marked = ((Number) api.body(mvc.perform(api.postJson(timeline(), obj("text", "Failover done",
                        "at", "2024-05-12T09:40:00Z", "tags", List.of("MITIGATED"))).with(api.basic(helper)))
                .andExpect(status().isCreated()).andReturn()).get("id")).longValue();
        long plain = ((Number) api.body(mvc.perform(api.postJson(timeline(), obj("text", "Paged the DBA",
                        "at", "2024-05-12T09:20:00Z")).with(api.basic(helper)))
                .andExpect(status().isCreated()).andReturn()).get("id")).longValue();
        mvc.perform(delete("/api/incidents/" + key + "/responders/me").with(api.basic(helper))).andExpect(status().isOk());
        String event = "/incidents/" + key + "/timeline/" + marked;

        String incidentPage = page(helper);
        assertThat(incidentPage).contains(event + "/edit\"").doesNotContain(event + "/delete\"")
                .as("their plain event they may still delete").contains("/timeline/" + plain + "/delete\"");
        String editPage = mvc.perform(get(event + "/edit").with(user(helper))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(editPage).contains("id=\"key-moments-read-only\"").doesNotContain("type=\"checkbox\"")
                .contains("Join the incident to change its key moments.");

        // the text: yes, and the key moment stays
        mvc.perform(post(event).with(user(helper)).with(csrf()).param("text", "Failover to the replica done")
                        .param("at", "2024-05-12T09:40").param("kind", "ACTION").param("keyMoments", "MITIGATED")
                        .param("version", eventVersion(marked)))
                .andExpect(status().isFound());
        assertThat(event(marked).get("text")).isEqualTo("Failover to the replica done");
        assertThat(event(marked).get("tags")).isEqualTo(List.of("MITIGATED"));

        // the key moments or the time of a marked event: no, with the message under the field
        String removed = mvc.perform(post(event).with(user(helper)).with(csrf()).param("text", "No key moment")
                        .param("at", "2024-05-12T09:40").param("kind", "ACTION").param("version", eventVersion(marked)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(removed).contains("Join the incident to set key moments").contains("No key moment");
        String moved = mvc.perform(post(event).with(user(helper)).with(csrf()).param("text", "Moved")
                        .param("at", "2024-05-12T09:50").param("kind", "ACTION").param("keyMoments", "MITIGATED")
                        .param("version", eventVersion(marked)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(moved).contains("join the incident to move it in time");
        assertThat(event(marked).get("text")).isEqualTo("Failover to the replica done");
        assertThat(event(marked).get("tags")).isEqualTo(List.of("MITIGATED"));
        assertThat(event(marked).get("at")).isEqualTo("2024-05-12T09:40:00Z");

        // deleting it: no, with a message; it stays
        MvcResult deleted = mvc.perform(post(event + "/delete").with(user(helper)).with(csrf()))
                .andExpect(status().isFound()).andReturn();
        Flash flash = (Flash) deleted.getFlashMap().get(Flash.ATTRIBUTE);
        assertThat(flash.code()).isEqualTo("timeline.keyMoments.deleteJoinFirst");
        assertThat(texts()).contains("Failover to the replica done");
        // their plain event: yes
        mvc.perform(post("/incidents/" + key + "/timeline/" + plain + "/delete").with(user(helper)).with(csrf()))
                .andExpect(status().isFound());
        assertThat(texts()).doesNotContain("Paged the DBA");
    }

    // ---- helpers

    private String timeline() {
        return "/api/incidents/" + key + "/timeline";
    }

    private long version() {
        return incidents.details(key).version();
    }

    private String page(HindsightUser who) throws Exception {
        return mvc.perform(get("/incidents/" + key).with(user(who))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
    }

    /** The timeline (without deleted events) as the API reads it, in time order. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> events() throws Exception {
        return json.readValue(mvc.perform(get(timeline()).with(api.basic(declarer))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(), List.class);
    }

    private List<String> texts() throws Exception {
        return events().stream().map(e -> (String) e.get("text")).toList();
    }

    private Map<String, Object> event(long id) throws Exception {
        return api.body(mvc.perform(get(timeline() + "/" + id).with(api.basic(declarer))).andExpect(status().isOk())
                .andReturn());
    }

    private String eventVersion(long id) {
        return Long.toString(timelines.event(declarer, incidents.idOf(key), id).version());
    }

    private Map<String, Object> lastEvent() throws Exception {
        List<Map<String, Object>> events = events();
        assertThat(events).isNotEmpty();
        return events.get(events.size() - 1);
    }
}
