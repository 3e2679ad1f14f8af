package org.hindsight.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.action.ActionItemService;
import org.hindsight.action.ActionType;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.system.Flash;
import org.hindsight.timeline.TimelineService;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The incident page and its postmortem read like prose: status labels, not codes; no edit of a deleted event. */
@DatabaseTest
class IncidentPageReadingTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    @Autowired
    ActionItemService actions;

    @Autowired
    MessageSource messages;

    @Autowired
    JdbcTemplate jdbc;

    private String declare(HindsightUser by, String title) {
        return incidents.create(by, new NewIncident(title, Severity.SEV2, null, Instant.parse("2024-05-12T09:00:00Z"),
                null, null, null, List.of(), null));
    }

    private Document page(HindsightUser viewer, String key) throws Exception {
        return Jsoup.parse(mvc.perform(get("/incidents/" + key).with(user(viewer))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
    }

    @Test
    void aStatusMoveReadsAsLabelsInTheMessageOnTheTimelineAndInThePostmortem() throws Exception {
        HindsightUser manager = users.create("status-reader", Role.MANAGER);
        String key = declare(manager, "Readable statuses");
        MvcResult moved = mvc.perform(post("/incidents/" + key + "/status").with(user(manager)).with(csrf())
                .param("status", "MONITORING")).andExpect(status().isFound()).andReturn();

        // the flash as the layout renders it (fragments/flash.html resolves its code and arguments so)
        Flash flash = (Flash) moved.getFlashMap().get(Flash.ATTRIBUTE);
        assertThat(messages.getMessage(flash.code(), flash.args(), Locale.ENGLISH))
                .isEqualTo("Status changed: Investigating → Monitoring.");
        Document page = page(manager, key);
        assertThat(page.select("#timeline .event-text").eachText())
                .containsExactly("Status changed: Investigating → Monitoring");

        String markdown = mvc.perform(get("/incidents/" + key + "/postmortem.md").param("fullHistory", "true")
                        .with(user(manager)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(markdown).contains("Status changed: **Investigating** → **Monitoring**")
                .doesNotContain("INVESTIGATING").doesNotContain("MONITORING");
    }

    @Test
    void aStatusRowRecordedBeforeTheMarkReadsAsLabelsTooAndPeoplesWordsStayTheirs() throws Exception {
        HindsightUser manager = users.create("old-status-reader", Role.MANAGER);
        String key = declare(manager, "Recorded before");
        long id = incidents.idOf(key);
        long old = timeline.post(manager, id, new TimelineService.NewEvent(
                "Status changed from **INVESTIGATING** to **POSTMORTEM**", Instant.parse("2024-05-12T10:00:00Z"), null,
                Set.of(), false)).event().id();
        // as migration V14 marks the status rows written before it
        jdbc.update("update timeline_event set status_change = true where id = ?", old);
        timeline.post(manager, id, new TimelineService.NewEvent("Status changed from **MONITORING** to **CLOSED**",
                Instant.parse("2024-05-12T10:05:00Z"), null, Set.of(), false));
        timeline.post(manager, id, new TimelineService.NewEvent("We moved to MONITORING mode",
                Instant.parse("2024-05-12T10:10:00Z"), null, Set.of(), false));

        assertThat(page(manager, key).select("#timeline .event-text").eachText()).containsExactly(
                "Status changed: Investigating → Postmortem",
                "Status changed from MONITORING to CLOSED", "We moved to MONITORING mode");
        assertThat(timeline.timeline(manager, id).rows().get(0).text())
                .isEqualTo("Status changed: **Investigating** → **Postmortem**");
    }

    @Test
    void aDeletedEventShowsNeitherEditNorEdited() throws Exception {
        HindsightUser manager = users.create("deleter", Role.MANAGER);
        String key = declare(manager, "Deleted events");
        long id = incidents.idOf(key);
        var posted = timeline.post(manager, id, new TimelineService.NewEvent("Typo here", null, null, Set.of(), false));
        long eventId = posted.event().id();
        timeline.edit(manager, id, eventId, new TimelineService.EventChange("Typo fixed", posted.event().at(), null,
                Set.of(), posted.event().version()));
        Element edited = page(manager, key).getElementById("event-" + eventId);
        assertThat(edited.text()).contains("(edited)");
        assertThat(edited.select("a[href$=/edit]")).hasSize(1);

        var kept = timeline.post(manager, id, new TimelineService.NewEvent("Wrong incident", null, null, Set.of(), false));
        timeline.setDeleted(manager, id, eventId, true);
        timeline.setDeleted(manager, id, kept.event().id(), true);
        Document page = page(manager, key);
        for (long deleted : new long[] {eventId, kept.event().id()}) {
            Element row = page.getElementById("event-" + deleted);
            assertThat(row.text()).contains("(deleted)").doesNotContain("(edited)");
            assertThat(row.select("a[href$=/edit]")).as("no Edit on a deleted event").isEmpty();
            assertThat(row.select("button[form=timeline-event-action][formaction$=/restore]").text()).isEqualTo("Restore");
        }
    }

    @Test
    void theActionTableGivesTitlesTheRoom() throws Exception {
        HindsightUser manager = users.create("titles", Role.MANAGER);
        String key = declare(manager, "Action titles");
        actions.create(manager, incidents.idOf(key), new ActionFields("Review every load balancer health check",
                null, ActionType.CORRECTIVE, ActionCategory.TASK, manager.getUsername(), null, null, null, null, null, 0));
        Document page = page(manager, key);
        assertThat(page.select("#actions table thead th.title-col").text()).isEqualTo("Title");
        assertThat(page.select("#actions table tbody td.title-col strong").text())
                .isEqualTo("Review every load balancer health check");
        assertThat(page.select("#actions table tbody td.compact")).as("the other columns stay compact").hasSize(6);
    }
}
