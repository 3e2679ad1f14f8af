package org.hindsight.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.incident.SummaryTime;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The incident page's rows are rendered once and kept ({@link RenderedRows}); what a viewer sees must still be exact:
 * every change to an event, to what it shows of the incident, and every difference between viewers shows at once.
 */
@DatabaseTest
class RenderedRowsTest {

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
    RenderedRows rendered;

    private Element row(HindsightUser viewer, String key, long eventId) throws Exception {
        String html = mvc.perform(get("/incidents/" + key).with(user(viewer))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        return Jsoup.parse(html).getElementById("event-" + eventId);
    }

    @Test
    void aKeptRowShowsEveryChangeAndEachViewerTheirOwnTimesAndButtons() throws Exception {
        HindsightUser author = users.create("rowauthor", ZoneId.of("Europe/Berlin"), Role.RESPONDER);
        HindsightUser reader = users.create("rowreader", ZoneId.of("Asia/Tokyo"), Role.VIEWER);
        String key = incidents.create(author, new NewIncident("Kept rows", Severity.SEV2, null, START, null, null,
                null, List.of(), null));
        long id = incidents.idOf(key);
        var posted = timeline.post(author, id, new TimelineService.NewEvent("Restarted the *indexer*",
                START.plusSeconds(1800), EventKind.ACTION, Set.of(), false));
        long eventId = posted.event().id();

        Element first = row(author, key, eventId);
        assertThat(first.select(".event-text").html()).contains("<em>indexer</em>");
        assertThat(first.select(".event-time").text()).startsWith("11:30");
        assertThat(first.select("a[href$=/edit]")).hasSize(1);
        assertThat(first.select("button[form=timeline-event-action][formaction$=/delete]")).hasSize(1);
        assertThat(first.select("input[name=_csrf]")).as("no session's token in a kept row").isEmpty();
        assertThat(row(author, key, eventId).outerHtml()).as("the same page twice").isEqualTo(first.outerHtml());

        Element forReader = row(reader, key, eventId);
        assertThat(forReader.select(".event-time").text()).as("the reader's zone").startsWith("18:30");
        assertThat(forReader.select(".event-actions")).as("nothing to change for a viewer").isEmpty();

        timeline.edit(author, id, eventId, new TimelineService.EventChange("Restarted the indexer twice",
                START.plusSeconds(1800), EventKind.ACTION, Set.of(), posted.event().version()));
        Element edited = row(author, key, eventId);
        assertThat(edited.select(".event-text").text()).isEqualTo("Restarted the indexer twice");
        assertThat(edited.text()).contains("(edited)");
        assertThat(row(reader, key, eventId).select(".event-text").text()).isEqualTo("Restarted the indexer twice");

        // moving the incident's start after the event changes no event, but the row's "before start" flag
        assertThat(edited.select(".badge.warn")).isEmpty();
        incidents.change(author, key, b -> b.time(SummaryTime.STARTED, START.plusSeconds(3600)));
        assertThat(row(author, key, eventId).select(".badge.warn").text()).isEqualTo("before start");

        timeline.setDeleted(author, id, eventId, true);
        Element deleted = row(author, key, eventId);
        assertThat(deleted.text()).contains("(deleted)");
        assertThat(deleted.select("button[formaction$=/restore]")).hasSize(1);
        assertThat(rendered.size()).as("rows are kept").isPositive();
    }
}
