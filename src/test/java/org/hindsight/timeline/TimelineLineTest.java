package org.hindsight.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

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
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Saying it in one line on the incident page (time, kind and key moments in the main field), the preview of how a
 * line will be read, the API's relative times, and the timeline order each person keeps.
 */
@DatabaseTest
class TimelineLineTest {

    private static final Instant START = Instant.parse("2024-05-12T09:00:00Z");

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    private HindsightUser commander;
    private String key;
    private long incidentId;

    @BeforeEach
    void anIncident() {
        commander = users.create("liner", ZoneId.of("Europe/Berlin"), Role.RESPONDER);
        key = incidents.create(commander, new NewIncident("One-line test", Severity.SEV2, null, START, null, null, null,
                List.of(), null));
        incidentId = incidents.idOf(key);
    }

    private MockHttpServletRequestBuilder log(String text) {
        return post("/incidents/" + key + "/timeline").with(user(commander)).with(csrf())
                .param("text", text).param("at", "").param("kind", "NOTE").param("keyMoment", "");
    }

    private TimelineViews.TimelineRow row(String text) {
        return timeline.timeline(commander, incidentId).rows().stream().filter(r -> r.text().equals(text))
                .findFirst().orElseThrow(() -> new AssertionError("not logged: " + text));
    }

    @Test
    void oneLineSetsTheTimeTheKindAndTheKeyMoment() throws Exception {
        mvc.perform(log("-10m /decision fail over to region B")).andExpect(status().isFound());
        mvc.perform(log("-2m traffic back to normal !mitigated").header("HX-Request", "true"))
                .andExpect(status().isCreated());

        var decision = row("fail over to region B");
        assertThat(decision.kind()).isEqualTo(EventKind.DECISION);
        assertThat(decision.at()).isBetween(Instant.now().minusSeconds(630), Instant.now().minusSeconds(570));
        var mitigated = row("traffic back to normal");
        assertThat(mitigated.kind()).isEqualTo(EventKind.NOTE);
        assertThat(mitigated.keyMoments()).containsExactly(KeyMoment.MITIGATED);
        assertThat(incidents.details(key).mitigatedAt()).isEqualTo(mitigated.at());
    }

    @Test
    void theFormsOwnWhenWinsAndTheLineKeepsItsLeadingTime() throws Exception {
        mvc.perform(post("/incidents/" + key + "/timeline").with(user(commander)).with(csrf())
                        .param("text", "09:30 standup moved").param("at", "2024-05-12T10:00:00Z").param("kind", "NOTE"))
                .andExpect(status().isFound());
        assertThat(row("09:30 standup moved").at()).isEqualTo(Instant.parse("2024-05-12T10:00:00Z"));
    }

    @Test
    void thePreviewSaysHowTheLineWillBeReadAndLogsNothing() throws Exception {
        String preview = mvc.perform(post("/incidents/" + key + "/timeline/preview").with(user(commander)).with(csrf())
                        .param("text", "2024-05-12T09:40:00Z /dead restarted the cache !mitigated").param("at", "")
                        .param("kind", "NOTE"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(preview).contains("At 2024-05-12 11:40 CEST (as typed) · Dead end · marks Mitigated");
        assertThat(timeline.timeline(commander, incidentId).rows()).isEmpty();

        String now = preview("/alert 5xx above 20%");
        assertThat(now).contains("Now · Alert");
    }

    @Test
    void thePreviewAndTheLogNameWhatCannotBeRead() throws Exception {
        assertThat(preview("12:75 deploy")).contains("Not a time I can read: &quot;12:75&quot;");
        assertThat(preview("/dead /alert both at once")).contains("Two kinds in one line (Alert, Dead end)");
        assertThat(preview("-5m")).contains("Write what happened, not only markers.");

        String page = mvc.perform(log("-5m /dead /alert keep my text")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("value=\"-5m /dead /alert keep my text\"").contains("Two kinds in one line");
        assertThat(timeline.timeline(commander, incidentId).rows()).isEmpty();
    }

    @Test
    void keyMomentMarkersFromOneWhoHasNotJoinedAreRefusedWhereTheyWereTyped() throws Exception {
        HindsightUser bystander = users.create("bystander", Role.RESPONDER);
        String page = mvc.perform(post("/incidents/" + key + "/timeline").with(user(bystander)).with(csrf())
                        .param("text", "looks mitigated to me !mitigated").param("at", "").param("kind", "NOTE"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("value=\"looks mitigated to me !mitigated\"").contains("Join the incident");
        assertThat(timeline.timeline(commander, incidentId).rows()).isEmpty();
        String preview = mvc.perform(post("/incidents/" + key + "/timeline/preview").with(user(bystander)).with(csrf())
                        .param("text", "looks mitigated to me !mitigated").param("at", "").param("kind", "NOTE"))
                .andReturn().getResponse().getContentAsString();
        assertThat(preview).contains("Join the incident").doesNotContain("marks Mitigated");
    }

    private String preview(String text) throws Exception {
        return mvc.perform(post("/incidents/" + key + "/timeline/preview").with(user(commander)).with(csrf())
                        .param("text", text).param("at", "").param("kind", "NOTE"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    @Test
    void theApiTakesTheSameRelativeTimes() throws Exception {
        mvc.perform(post("/api/incidents/" + key + "/timeline").with(user(commander)).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"from a script\",\"at\":\"-1m\"}"))
                .andExpect(status().isCreated());
        assertThat(row("from a script").at()).isBetween(Instant.now().minusSeconds(90), Instant.now().minusSeconds(30));

        String problem = mvc.perform(post("/api/incidents/" + key + "/timeline").with(user(commander)).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"ahead\",\"at\":\"+5m\"}"))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat(problem).contains("\"field\":\"at\"").contains("is in the future");
    }

    @Test
    void eachPersonKeepsTheirTimelineOrder() throws Exception {
        timeline.post(commander, incidentId, new TimelineService.NewEvent("older event", START.plusSeconds(60),
                EventKind.NOTE, java.util.Set.of(), false));
        timeline.post(commander, incidentId, new TimelineService.NewEvent("newer event", START.plusSeconds(120),
                EventKind.NOTE, java.util.Set.of(), false));
        assertThat(page(commander)).contains("data-order=\"AUTO\"");
        assertThat(page(commander).indexOf("older event")).isLessThan(page(commander).indexOf("newer event"));

        mvc.perform(post("/profile/timeline-order").with(user(commander)).with(csrf())
                        .param("order", "NEWEST_FIRST").param("back", "/incidents/" + key))
                .andExpect(redirectedUrl("/incidents/" + key));
        String newestFirst = page(commander);
        assertThat(newestFirst).contains("data-order=\"NEWEST_FIRST\"").contains("Show oldest first");
        assertThat(newestFirst.indexOf("newer event")).isLessThan(newestFirst.indexOf("older event"));

        HindsightUser other = users.create("other-reader", Role.VIEWER);
        String theirs = page(other);
        assertThat(theirs.indexOf("older event")).as("another person's order is theirs")
                .isLessThan(theirs.indexOf("newer event"));

        mvc.perform(post("/profile/timeline-order").with(user(commander)).with(csrf())
                        .param("order", "OLDEST_FIRST").param("back", "//evil.example/incidents"))
                .andExpect(redirectedUrl("/profile"));
    }

    private String page(HindsightUser viewer) throws Exception {
        return mvc.perform(get("/incidents/" + key).with(user(viewer))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
    }
}
