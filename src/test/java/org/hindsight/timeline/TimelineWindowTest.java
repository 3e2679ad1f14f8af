package org.hindsight.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.persistence.EntityManagerFactory;

import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** A long timeline: the incident page shows the newest events and loads earlier ones a page at a time. */
@DatabaseTest
class TimelineWindowTest {

    private static final Instant START = Instant.parse("2024-05-12T09:00:00Z");
    private static final Pattern ROW = Pattern.compile("<li class=\"event[^\"]*\" id=\"event-(\\d+)\"");
    private static final Pattern EARLIER = Pattern.compile("href=\"(/incidents/[^\"]+/timeline/earlier\\?before=\\d+)\"");

    @Autowired
    org.hindsight.system.SharedChanges sharedChanges;

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    @Autowired
    EntityManagerFactory entityManagerFactory;

    /** An incident with {@code count} events "Event 0" … 15 minutes apart (so across several days). */
    private String incidentWith(HindsightUser author, int count) {
        String key = incidents.create(author, new NewIncident(TestUsers.unique("long"), Severity.SEV2, null, START,
                null, null, null, List.of(), null));
        long id = incidents.idOf(key);
        for (int i = 0; i < count; i++) {
            timeline.post(author, id, new TimelineService.NewEvent("Event " + i, START.plusSeconds(900L * i), null,
                    Set.of(), false));
        }
        return key;
    }

    private static List<String> rows(String html) {
        Matcher m = ROW.matcher(html);
        List<String> ids = new java.util.ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String earlierLink(String html) {
        Matcher m = EARLIER.matcher(html);
        assertThat(m.find()).as("a link to the earlier events").isTrue();
        return m.group(1).replace("&amp;", "&");
    }

    private String body(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    @Test
    void aLongTimelineShowsTheNewestEventsAndTheRestOnRequest() throws Exception {
        HindsightUser responder = users.create("windowed", ZoneId.of("UTC"), Role.RESPONDER);
        int total = TimelinePageSection.WINDOW * 2 + 30;
        String key = incidentWith(responder, total);

        String page = body(get("/incidents/" + key).with(user(responder)));
        assertThat(rows(page)).hasSize(TimelinePageSection.WINDOW);
        assertThat(page).contains(">Event " + (total - 1) + "<").doesNotContain(">Event " + (total - 201) + "<")
                .contains(">Event " + (total - 200) + "<")
                .contains("Show the " + String.format("%,d", total - 200) + " earlier events");
        assertThat(page).as("the first row shown carries its day heading")
                .containsPattern("<li class=\"event\" id=\"event-\\d+\"\\s+data-at=\"[^\"]+\" data-day=\"[^\"]+\" data-logged=\"\\d+\">");

        // what timeline.js fetches: the next page of rows, and the link to the last one
        String next = body(get(earlierLink(page)).with(user(responder)).header(TimelineController.PARTIAL, "true"));
        assertThat(rows(next)).hasSize(TimelinePageSection.WINDOW).doesNotContainAnyElementsOf(rows(page));
        assertThat(next).contains(">Event 30<").contains(">Event 229<").doesNotContain(">Event 29<")
                .contains("Show the 30 earlier events").doesNotContain("<html");

        // without script: a page of its own, and the last page has no further link
        String last = body(get(earlierLink(next)).with(user(responder)));
        assertThat(rows(last)).hasSize(30);
        assertThat(last).contains("<html").contains("Earlier events of " + key).contains(">Event 0<")
                .contains(">Event 29<").doesNotContain("/timeline/earlier?before=");
    }

    @Test
    void aShortTimelineHasNoLinkAndTheWindowRunsAFixedNumberOfStatements() throws Exception {
        HindsightUser responder = users.create("counted", ZoneId.of("UTC"), Role.RESPONDER);
        String small = incidentWith(responder, 5);
        String large = incidentWith(responder, TimelinePageSection.WINDOW + 60);
        assertThat(body(get("/incidents/" + small).with(user(responder)))).doesNotContain("earlier events");
        // both seen once before counting, so that figures kept per revision (the time lost to dead ends) are kept
        // for both: what is counted is the window, not a first view
        body(get("/incidents/" + large).with(user(responder)));

        long few = statementsFor(get("/incidents/" + small).with(user(responder)));
        long many = statementsFor(get("/incidents/" + large).with(user(responder)));
        assertThat(many).as("one count for the link, however many events").isLessThanOrEqualTo(few + 1);
        String page = body(get("/incidents/" + large).with(user(responder)));
        long next = statementsFor(get(earlierLink(page)).with(user(responder)).header(TimelineController.PARTIAL, "true"));
        assertThat(next).isLessThanOrEqualTo(few + 1);
    }

    private long statementsFor(MockHttpServletRequestBuilder request) throws Exception {
        Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        sharedChanges.poll();
        statistics.clear();
        mvc.perform(request).andExpect(status().isOk());
        return statistics.getPrepareStatementCount();
    }
}
