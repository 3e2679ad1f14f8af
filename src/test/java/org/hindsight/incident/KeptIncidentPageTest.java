package org.hindsight.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;

import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.action.ActionItemService;
import org.hindsight.action.ActionType;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.KeptBodies;
import org.hindsight.support.SessionCookie;
import org.hindsight.support.TestUsers;
import org.hindsight.timeline.TimelineService;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The incident page's body is rendered once and kept for every viewer who would see the same
 * ({@code org.hindsight.system.PageBodies}): each viewer still gets their own CSRF token, their own zone, clock and
 * role, and every change, with or without a new revision of the incident, on the next view.
 */
@DatabaseTest
class KeptIncidentPageTest {

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
    MeterRegistry meters;

    @Autowired
    JdbcTemplate jdbc;

    private String declare(HindsightUser by, Instant startedAt) {
        String key = incidents.create(by, new NewIncident("Kept page " + TestUsers.unique("t"), Severity.SEV2, null,
                startedAt, null, null, null, List.of(), null, null));
        long id = incidents.idOf(key);
        timeline.post(by, id, new TimelineService.NewEvent("Checkout errors at 40 %", startedAt.plusSeconds(60),
                null, Set.of(), false));
        timeline.post(by, id, new TimelineService.NewEvent("Rolled back the deploy", startedAt.plusSeconds(600),
                null, Set.of(), false));
        return key;
    }

    private MvcResult view(HindsightUser viewer, String key) throws Exception {
        return mvc.perform(get("/incidents/" + key).with(user(viewer))).andExpect(status().isOk()).andReturn();
    }

    private String html(HindsightUser viewer, String key) throws Exception {
        return view(viewer, key).getResponse().getContentAsString();
    }

    private double bodies(String outcome) {
        return KeptBodies.count(meters, IncidentPage.BODY, outcome);
    }

    @Test
    void aSecondViewerWhoSeesTheSameGetsTheKeptBodyWithTheirOwnWorkingToken() throws Exception {
        HindsightUser commander = users.create("kept-commander", Role.MANAGER);
        HindsightUser first = users.create("kept-first", Role.RESPONDER);
        HindsightUser second = users.create("kept-second", Role.RESPONDER);
        String key = declare(commander, Instant.parse("2024-05-12T09:00:00Z"));

        double rendered = bodies("rendered");
        double kept = bodies("kept");
        MvcResult firstView = view(first, key);
        MvcResult secondView = view(second, key);
        String firstPage = firstView.getResponse().getContentAsString();
        String secondPage = secondView.getResponse().getContentAsString();
        assertThat(bodies("rendered") - rendered).as("rendered once").isEqualTo(1);
        assertThat(bodies("kept") - kept).as("then served as kept").isEqualTo(1);

        assertThat(KeptBodies.withoutTokens(secondPage)).isEqualTo(KeptBodies.withoutTokens(firstPage));
        assertThat(KeptBodies.bodyElements(secondPage)).as("the body is not a second <body>").isEqualTo(1);
        assertThat(secondPage).contains("Rolled back the deploy").doesNotContainPattern(KeptBodies.PLACEHOLDER);
        assertThat(firstPage).doesNotContainPattern(KeptBodies.PLACEHOLDER);
        // each viewer's own name in the layout around the kept body
        assertThat(Jsoup.parse(secondPage).select(".user-name").text()).isEqualTo(second.getDisplayName());

        // the second viewer's forms carry the second viewer's token: the entry form posts with it, from the page
        Document page = Jsoup.parse(secondPage);
        String token = page.select("#timeline-entry input[name=_csrf]").val();
        assertThat(token).isNotBlank();
        mvc.perform(post("/incidents/" + key + "/timeline").with(user(second)).cookie(SessionCookie.of(secondView))
                .param("_csrf", token).param("text", "Logged from the kept page").param("at", "")
                .param("kind", "NOTE")).andExpect(status().isFound());
        // ...and not in the other viewer's session
        mvc.perform(post("/incidents/" + key + "/timeline").with(user(first)).cookie(SessionCookie.of(firstView))
                .param("_csrf", token).param("text", "Someone else's token").param("at", "")
                .param("kind", "NOTE")).andExpect(status().isForbidden());

        assertThat(html(first, key)).as("the post raised the revision: the next view shows it")
                .contains("Logged from the kept page").doesNotContain("Someone else&#39;s token");
    }

    @Test
    void aChangeThatRaisesNoRevisionShowsOnTheNextView() throws Exception {
        HindsightUser commander = users.create("kept-owner", Role.MANAGER);
        HindsightUser viewer = users.create("kept-reader", Role.RESPONDER);
        String key = declare(commander, Instant.parse("2024-05-12T09:00:00Z"));
        assertThat(html(viewer, key)).doesNotContain("Add a second health check");
        actions.create(commander, incidents.idOf(key), new ActionFields("Add a second health check", null,
                ActionType.PREVENTIVE, ActionCategory.TASK, commander.getUsername(), null, null, null, null, null, 0));
        assertThat(Jsoup.parse(html(viewer, key)).select("#actions tbody td.title-col strong").text())
                .isEqualTo("Add a second health check");

        // the commander renamed: not a change of the incident (its revision stays), but its page shows the name
        long revision = incidents.revision(incidents.idOf(key));
        jdbc.update("update app_user set display_name = ? where id = ?", "Renamed Commander", commander.getId());
        assertThat(incidents.revision(incidents.idOf(key))).isEqualTo(revision);
        Document page = Jsoup.parse(html(viewer, key));
        assertThat(page.select("#incident-summary dd").eachText()).contains("Renamed Commander");
        assertThat(page.select("#timeline .event-meta > span:first-child").eachText()).contains("Renamed Commander");
    }

    @Test
    void theDurationOfAnOngoingIncidentMovesWithTheClock() throws Exception {
        HindsightUser commander = users.create("kept-clock", Role.MANAGER);
        String key = declare(commander, Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(20));
        String before = Jsoup.parse(html(commander, key)).select("#duration-total span").first().text();
        Thread.sleep(1_100);
        String after = Jsoup.parse(html(commander, key)).select("#duration-total span").first().text();
        assertThat(before).matches("\\d+s");
        assertThat(after).matches("\\d+s").isNotEqualTo(before);
    }

    @Test
    void viewersWhoSeeDifferentlyGetTheirOwnBody() throws Exception {
        HindsightUser commander = users.create("kept-zones", Role.MANAGER);
        HindsightUser utc = users.create("kept-utc", Role.RESPONDER);
        HindsightUser tokyo = users.create("kept-tokyo", ZoneId.of("Asia/Tokyo"), Role.RESPONDER);
        HindsightUser reader = users.create("kept-viewer", Role.VIEWER);
        HindsightUser twelveHours = users.create("kept-12h", Role.RESPONDER);
        jdbc.update("update app_user set hour_cycle = 'H12' where id = ?", twelveHours.getId());
        twelveHours = users.reload(twelveHours.getUsername());
        String key = declare(commander, Instant.parse("2024-05-12T14:00:00Z"));

        Document inUtc = Jsoup.parse(html(utc, key));
        Document inTokyo = Jsoup.parse(html(tokyo, key));
        Document read = Jsoup.parse(html(reader, key));
        Document inTwelveHours = Jsoup.parse(html(twelveHours, key));
        assertThat(inUtc.select("#summary-startedAt time").text()).isEqualTo("2024-05-12 14:00 UTC");
        assertThat(inTokyo.select("#summary-startedAt time").text()).isEqualTo("2024-05-12 23:00 JST");
        assertThat(inTwelveHours.select("#summary-startedAt time").text()).isEqualTo("2024-05-12 2:00 PM UTC");
        assertThat(inTwelveHours.select("#timeline .event-time").eachText()).contains("2:01 PM UTC");
        assertThat(inUtc.select("#timeline .event-time").eachText()).contains("14:01 UTC");
        assertThat(inUtc.select("#timeline-entry")).hasSize(1);
        assertThat(read.select("#timeline-entry")).as("a viewer may not log").isEmpty();
        assertThat(read.select("#summary-startedAt time").text()).isEqualTo("2024-05-12 14:00 UTC");
    }

    @Test
    void viewersOfTheSameRoleWhoSeeDifferentlyGetTheirOwnBody() throws Exception {
        HindsightUser commander = users.create("kept-lead", Role.MANAGER);
        HindsightUser joined = users.create("kept-joined", Role.RESPONDER);
        HindsightUser newestFirst = users.create("kept-newest", Role.RESPONDER);
        HindsightUser oldestFirst = users.create("kept-oldest", Role.RESPONDER);
        jdbc.update("update app_user set timeline_order = 'NEWEST_FIRST' where id = ?", newestFirst.getId());
        jdbc.update("update app_user set timeline_order = 'OLDEST_FIRST' where id = ?", oldestFirst.getId());
        newestFirst = users.reload(newestFirst.getUsername());
        oldestFirst = users.reload(oldestFirst.getUsername());
        String key = declare(commander, Instant.parse("2024-05-12T09:00:00Z"));
        incidents.join(joined, key);

        // one joined, one not: the same role, the same zone, the same clock
        Document asJoined = Jsoup.parse(html(joined, key));
        Document notJoined = Jsoup.parse(html(oldestFirst, key));
        assertThat(asJoined.select("#leave-form")).hasSize(1);
        assertThat(asJoined.select("#join-form")).isEmpty();
        assertThat(notJoined.select("#join-form")).hasSize(1);
        assertThat(notJoined.select("#leave-form")).isEmpty();

        // the rows in each viewer's order
        List<String> oldest = notJoined.select("#timeline .event-text").eachText();
        List<String> newest = Jsoup.parse(html(newestFirst, key)).select("#timeline .event-text").eachText();
        assertThat(oldest).hasSize(3).startsWith("Checkout errors at 40 %", "Rolled back the deploy");
        List<String> reversed = new java.util.ArrayList<>(oldest);
        java.util.Collections.reverse(reversed);
        assertThat(newest).containsExactlyElementsOf(reversed);
    }

    @Test
    void aFormWithErrorsIsRenderedForItsRequestWithTheTextKept() throws Exception {
        HindsightUser commander = users.create("kept-errors", Role.MANAGER);
        String key = declare(commander, Instant.parse("2024-05-12T09:00:00Z"));
        double notKept = bodies("not-kept");
        String answer = mvc.perform(post("/incidents/" + key + "/timeline").with(user(commander)).with(csrf())
                .param("text", "Paged the database team").param("at", "yesterday at teatime")
                .param("kind", "NOTE")).andReturn().getResponse().getContentAsString();
        Document page = Jsoup.parse(answer);
        assertThat(page.select("#timeline-entry input[name=text]").val()).isEqualTo("Paged the database team");
        assertThat(page.select("#entry-feedback .field-error")).isNotEmpty();
        assertThat(bodies("not-kept") - notKept).isEqualTo(1);
        assertThat(answer).doesNotContainPattern(KeptBodies.PLACEHOLDER);
    }
}
