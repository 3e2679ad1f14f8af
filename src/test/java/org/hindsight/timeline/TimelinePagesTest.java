package org.hindsight.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Logging, editing and deleting timeline events on the incident page, and the live changes feed. */
@DatabaseTest
class TimelinePagesTest {

    private static final Instant START = Instant.parse("2024-05-12T09:00:00Z");

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    @Autowired
    org.hindsight.incident.SummaryTimes summaryTimes;

    private HindsightUser responder;
    private String key;
    private long incidentId;

    @BeforeEach
    void anIncident() {
        responder = users.create("logger", ZoneId.of("Europe/Berlin"), Role.RESPONDER);
        key = incidents.create(responder, new NewIncident("Timeline test", Severity.SEV2, null, START, null, null, null,
                List.of(), null));
        incidentId = incidents.idOf(key);
    }

    private MockHttpServletRequestBuilder log(String text, String at) {
        return post("/incidents/" + key + "/timeline").with(user(responder)).with(csrf())
                .param("text", text).param("at", at).param("kind", "NOTE");
    }

    private List<TimelineViews.TimelineRow> rows() {
        return timeline.timeline(responder, incidentId).rows();
    }

    @Test
    void aPlainFormPostLogsAndRedirectsBackWithWhatTheTimeWasReadAs() throws Exception {
        var result = mvc.perform(log("Rolled back the deploy", "2024-05-12T11:15:00+02:00"))
                .andExpect(status().isFound()).andReturn();
        assertThat(result.getResponse().getRedirectedUrl()).startsWith("/incidents/" + key + "#event-");
        var flash = (org.hindsight.system.Flash) result.getFlashMap().get("flash");
        assertThat(flash.code()).isEqualTo("timeline.logged");
        assertThat(flash.args()).containsExactly("2024-05-12 11:15 CEST (as typed)");
        assertThat(rows()).extracting(TimelineViews.TimelineRow::text).contains("Rolled back the deploy");
    }

    @Test
    void aFetchPostAnswersWithTheNewRowAndTheRevision() throws Exception {
        MockHttpServletResponse response = mvc.perform(log("Paged the DBA", "-5m").header("HX-Request", "true"))
                .andExpect(status().isCreated()).andExpect(header().exists("X-Timeline-Revision"))
                .andReturn().getResponse();
        String html = response.getContentAsString();
        assertThat(html).contains("class=\"event").contains("Paged the DBA").contains("Logged at").contains("(relative to now)");
        var row = rows().stream().filter(r -> r.text().equals("Paged the DBA")).findFirst().orElseThrow();
        assertThat(row.at()).isBetween(Instant.now().minusSeconds(5 * 60 + 30), Instant.now().minusSeconds(5 * 60 - 30));
        assertThat(html).contains("id=\"event-" + row.id() + "\"");
    }

    @Test
    void anUnreadableTimeIsRefusedAndTheTextKept() throws Exception {
        String fragment = mvc.perform(log("Keep this text", "half past nine").header("HX-Request", "true"))
                .andExpect(status().isUnprocessableContent()).andReturn().getResponse().getContentAsString();
        assertThat(fragment).contains("Not a time I can read: &quot;half past nine&quot;").contains("data-field=\"at\"");

        String page = mvc.perform(log("Keep this text", "+5m")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("value=\"Keep this text\"").contains("is in the future");
        assertThat(rows()).extracting(TimelineViews.TimelineRow::text).doesNotContain("Keep this text");
    }

    @Test
    void emptyAndOverlongTextIsRefused() throws Exception {
        assertThat(mvc.perform(log("  ", "").header("HX-Request", "true")).andExpect(status().isUnprocessableContent())
                .andReturn().getResponse().getContentAsString()).contains("Required.");
        assertThat(mvc.perform(log("x".repeat(4001), "").header("HX-Request", "true"))
                .andExpect(status().isUnprocessableContent()).andReturn().getResponse().getContentAsString())
                .contains("Between 0 and 4000 characters.");
    }

    @Test
    void aViewerCannotLog() throws Exception {
        HindsightUser viewer = users.create("reader", Role.VIEWER);
        mvc.perform(post("/incidents/" + key + "/timeline").with(user(viewer)).with(csrf()).param("text", "hi"))
                .andExpect(status().isForbidden());
        String page = mvc.perform(get("/incidents/" + key).with(user(viewer))).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).doesNotContain("id=\"timeline-entry\"");
    }

    @Test
    void aKeyMomentSetsTheSummaryTimeAndAChangeWaitsForConfirmation() throws Exception {
        mvc.perform(log("Failover done", "2024-05-12T10:30:00Z").param("keyMoment", "MITIGATED"))
                .andExpect(status().isFound());
        assertThat(incidents.details(key).mitigatedAt()).isEqualTo(Instant.parse("2024-05-12T10:30:00Z"));
        assertThat(incidents.details(key).durations().toMitigateSeconds()).isEqualTo(5400);

        String fragment = mvc.perform(log("Really mitigated now", "2024-05-12T10:45:00Z").param("keyMoment", "MITIGATED")
                        .header("HX-Request", "true"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        assertThat(fragment).contains("Mitigated is already 2024-05-12 12:30 CEST. Change it to 2024-05-12 12:45 CEST?");
        assertThat(incidents.details(key).mitigatedAt()).as("unchanged until confirmed")
                .isEqualTo(Instant.parse("2024-05-12T10:30:00Z"));

        mvc.perform(post("/incidents/" + key + "/summary-times").with(user(responder)).with(csrf())
                .param("time", "MITIGATED").param("at", "2024-05-12T10:45:00Z")).andExpect(status().isFound());
        assertThat(incidents.details(key).mitigatedAt()).isEqualTo(Instant.parse("2024-05-12T10:45:00Z"));
    }

    @Test
    void aConfirmationDoesNotOverwriteATimeSomeoneChangedMeanwhile() throws Exception {
        mvc.perform(log("Mitigated", "2024-05-12T10:30:00Z").param("keyMoment", "MITIGATED")).andExpect(status().isFound());
        // the user is asked about 10:30 → 10:45; meanwhile someone else sets 10:40
        summaryTimes.confirmSummaryTime(responder, key, org.hindsight.incident.SummaryTime.MITIGATED,
                Instant.parse("2024-05-12T10:40:00Z"), Instant.parse("2024-05-12T10:30:00Z"));
        var answer = mvc.perform(post("/incidents/" + key + "/summary-times").with(user(responder)).with(csrf())
                        .param("time", "MITIGATED").param("at", "2024-05-12T10:45:00Z")
                        .param("current", "2024-05-12T10:30:00Z"))
                .andExpect(status().isFound()).andReturn();
        assertThat(((org.hindsight.system.Flash) answer.getFlashMap().get("flash")).code())
                .isEqualTo("timeline.summaryTime.changedMeanwhile");
        assertThat(incidents.details(key).mitigatedAt()).isEqualTo(Instant.parse("2024-05-12T10:40:00Z"));
    }

    @Test
    void thePagesScriptIsToldTheSessionEndedInsteadOfGettingTheSignInPage() throws Exception {
        mvc.perform(get("/incidents/" + key + "/timeline/changes").param("since", "0").header("HX-Request", "true"))
                .andExpect(status().isUnauthorized());
        var plain = mvc.perform(get("/incidents/" + key)).andExpect(status().isFound()).andReturn();
        assertThat(plain.getResponse().getRedirectedUrl()).endsWith("/login");
    }

    @Test
    void aKeyMomentThatWouldBreakTheTimeOrderIsNotApplied() throws Exception {
        mvc.perform(log("Ended before it began?", "2024-05-12T08:00:00Z").param("keyMoment", "END"))
                .andExpect(status().isFound());
        assertThat(incidents.details(key).resolvedAt()).isNull();
        assertThat(rows()).filteredOn(r -> r.text().equals("Ended before it began?"))
                .singleElement().satisfies(r -> assertThat(r.beforeStart()).as("flagged as before the start").isTrue());
    }

    @Test
    void theChangesFeedAnswersNothingNewWith204AndNewEventsOnce() throws Exception {
        HindsightUser viewer = users.create("watcher", Role.VIEWER);
        long since = incidents.revision(incidentId);
        mvc.perform(get("/incidents/" + key + "/timeline/changes").param("since", Long.toString(since)).with(user(viewer)))
                .andExpect(status().isNoContent()).andExpect(header().string("X-Timeline-Revision", Long.toString(since)));

        timeline.post(responder, incidentId, new TimelineService.NewEvent("Seen live", null, EventKind.OBSERVATION, Set.of(), false));
        MockHttpServletResponse changes = mvc.perform(get("/incidents/" + key + "/timeline/changes")
                        .param("since", Long.toString(since)).with(user(viewer)))
                .andExpect(status().isOk()).andReturn().getResponse();
        assertThat(changes.getContentAsString()).contains("Seen live").contains("id=\"incident-summary\"")
                .as("status and title travel too").contains("id=\"incident-head\"");
        long next = Long.parseLong(changes.getHeader("X-Timeline-Revision"));
        assertThat(next).isGreaterThan(since);
        mvc.perform(get("/incidents/" + key + "/timeline/changes").param("since", Long.toString(next)).with(user(viewer)))
                .andExpect(status().isNoContent());
    }

    @Test
    void aDeletedEventIsStruckThroughForEditorsAndGoneForViewers() throws Exception {
        HindsightUser viewer = users.create("viewer", Role.VIEWER);
        var posted = timeline.post(responder, incidentId, new TimelineService.NewEvent("Wrong incident, sorry", null, null, Set.of(), false));
        long since = incidents.revision(incidentId);
        mvc.perform(post("/incidents/" + key + "/timeline/" + posted.event().id() + "/delete").with(user(responder)).with(csrf()))
                .andExpect(status().isFound());

        String editorPage = mvc.perform(get("/incidents/" + key).with(user(responder))).andReturn().getResponse().getContentAsString();
        assertThat(editorPage).containsPattern("class=\"event deleted[^\"]*\" id=\"event-" + posted.event().id());
        String viewerPage = mvc.perform(get("/incidents/" + key).with(user(viewer))).andReturn().getResponse().getContentAsString();
        assertThat(viewerPage).doesNotContain("Wrong incident, sorry");
        String viewerChanges = mvc.perform(get("/incidents/" + key + "/timeline/changes").param("since", Long.toString(since))
                .with(user(viewer))).andReturn().getResponse().getContentAsString();
        assertThat(viewerChanges).contains("id=\"event-" + posted.event().id() + "\" data-removed=\"true\"")
                .doesNotContain("Wrong incident, sorry");

        mvc.perform(post("/incidents/" + key + "/timeline/" + posted.event().id() + "/restore").with(user(responder)).with(csrf()))
                .andExpect(status().isFound());
        assertThat(mvc.perform(get("/incidents/" + key).with(user(viewer))).andReturn().getResponse().getContentAsString())
                .contains("Wrong incident, sorry");
    }

    @Test
    void editsKeepTheHistoryAndStaleEditsConflict() throws Exception {
        var posted = timeline.post(responder, incidentId, new TimelineService.NewEvent("First wording", START.plusSeconds(600), null, Set.of(), false));
        long id = posted.event().id();
        mvc.perform(post("/incidents/" + key + "/timeline/" + id).with(user(responder)).with(csrf())
                        .param("text", "Second wording").param("at", "2024-05-12T11:10").param("kind", "DECISION")
                        .param("version", "0"))
                .andExpect(status().isFound());
        String editPage = mvc.perform(get("/incidents/" + key + "/timeline/" + id + "/edit").with(user(responder)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(editPage).contains("Earlier versions").contains("First wording").contains("value=\"2024-05-12 11:10\"")
                .contains(responder.getDisplayName());

        String conflict = mvc.perform(post("/incidents/" + key + "/timeline/" + id).with(user(responder)).with(csrf())
                        .param("text", "Third wording from a stale form").param("at", "2024-05-12T11:10").param("kind", "NOTE")
                        .param("version", "0"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(conflict).contains("Someone else saved this record").contains("Second wording")
                .contains("Third wording from a stale form");
    }

    @Test
    void onlyTheAuthorOrAnEditorChangesAnEvent() throws Exception {
        HindsightUser other = users.create("other-responder", Role.RESPONDER);
        var posted = timeline.post(responder, incidentId, new TimelineService.NewEvent("Mine", null, null, Set.of(), false));
        mvc.perform(get("/incidents/" + key + "/timeline/" + posted.event().id() + "/edit").with(user(other)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/incidents/" + key + "/timeline/" + posted.event().id() + "/delete").with(user(other)).with(csrf()))
                .andExpect(status().isForbidden());
    }

    @Test
    void aTimelineAcrossMidnightShowsEachDay() throws Exception {
        timeline.post(responder, incidentId, new TimelineService.NewEvent("Late evening", Instant.parse("2024-05-12T21:50:00Z"), null, Set.of(), false));
        timeline.post(responder, incidentId, new TimelineService.NewEvent("After midnight", Instant.parse("2024-05-12T22:10:00Z"), null, Set.of(), false));
        String page = mvc.perform(get("/incidents/" + key).with(user(responder))).andReturn().getResponse().getContentAsString();
        // Berlin is UTC+2 in May: 21:50Z is 23:50 on the 12th, 22:10Z is 00:10 on the 13th
        assertThat(page).contains("Sunday, 12 May 2024").contains("Monday, 13 May 2024").contains("23:50 CEST").contains("00:10 CEST");
        assertThat(page).as("the first event of the 13th is not marked as the same day")
                .containsPattern("class=\"event\" id=\"event-\\d+\"\\s+data-at=\"2024-05-12T22:10:00Z\" data-day=\"2024-05-13\"");
    }

    @Test
    void markdownInEventsIsRenderedSafely() throws Exception {
        timeline.post(responder, incidentId, new TimelineService.NewEvent(
                "**bold** <script>alert(1)</script> [x](javascript:alert(1))", null, null, Set.of(), false));
        String page = mvc.perform(get("/incidents/" + key).with(user(responder))).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("<strong>bold</strong>").contains("&lt;script&gt;").doesNotContain("<script>alert")
                .doesNotContain("href=\"javascript:");
    }
}
