package org.hindsight.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.persistence.EntityManagerFactory;

import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.action.ActionItemService;
import org.hindsight.action.ActionType;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.timeline.TimelineService;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** No N+1: the SQL a page runs does not grow with the number of rows it shows. */
@DatabaseTest
class QueryCountTest {

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
    ActionItemService actions;

    @Autowired
    EntityManagerFactory entityManagerFactory;

    private long statementsFor(MockHttpServletRequestBuilder request) throws Exception {
        Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        // changes committed so far are taken into account now, not by the poller in the middle of the count
        sharedChanges.poll();
        // the first request may fill what every page shows and keeps for a while (service names, usernames):
        // count the second, as every later view runs
        mvc.perform(request).andExpect(status().isOk());
        statistics.clear();
        mvc.perform(request).andExpect(status().isOk());
        return statistics.getPrepareStatementCount();
    }

    /** An incident with this many events (by several authors) and action items (with owners). */
    private String incidentWith(HindsightUser manager, List<HindsightUser> people, String marker, int rows) {
        String key = incidents.create(manager, new NewIncident(marker, Severity.SEV3, null,
                Instant.parse("2024-05-12T09:00:00Z"), null, null, null, List.of(marker + "-a", marker + "-b"), null));
        long id = incidents.idOf(key);
        for (int i = 0; i < rows; i++) {
            HindsightUser author = people.get(i % people.size());
            timeline.post(author, id, new TimelineService.NewEvent("Event " + i + " **bold**",
                    Instant.parse("2024-05-12T09:00:00Z").plusSeconds(60L * i), null, Set.of(), false));
            actions.create(manager, id, new ActionFields("Item " + i, "Details " + i, ActionType.CORRECTIVE,
                    ActionCategory.TASK, author.getUsername(), null, null, null, null, null, 0));
        }
        return key;
    }

    @Test
    void theIncidentPageRunsTheSameQueriesForFewAndManyRows() throws Exception {
        HindsightUser manager = users.create("counter", Role.MANAGER);
        List<HindsightUser> people = List.of(users.create("p1", Role.RESPONDER), users.create("p2", Role.RESPONDER),
                users.create("p3", Role.RESPONDER), users.create("p4", Role.RESPONDER));
        String small = incidentWith(manager, people, TestUsers.unique("small"), 3);
        String large = incidentWith(manager, people, TestUsers.unique("large"), 40);

        long forSmall = statementsFor(get("/incidents/" + small).with(user(manager)));
        long forLarge = statementsFor(get("/incidents/" + large).with(user(manager)));
        assertThat(forLarge).as("statements for 40 events and items vs 3").isEqualTo(forSmall);
        assertThat(forSmall).isLessThan(25);
    }

    @Test
    void theIncidentListRunsTheSameQueriesForOneRowAndAFullPage() throws Exception {
        HindsightUser manager = users.create("lister-count", Role.MANAGER);
        List<HindsightUser> people = List.of(users.create("q1", Role.RESPONDER));
        String one = TestUsers.unique("onerow");
        incidentWith(manager, people, one, 2);
        String many = TestUsers.unique("fullpage");
        for (int i = 0; i < 25; i++) {
            incidentWith(manager, people, many + " " + i, 2);
        }
        long forOne = statementsFor(get("/incidents").param("q", one).with(user(manager)));
        long forPage = statementsFor(get("/incidents").param("q", many).with(user(manager)));
        // a full first page also needs the total (one count query); a page with one row knows it already
        assertThat(forPage).as("statements for 25 rows vs 1, plus the count").isEqualTo(forOne + 1);
    }

    @Test
    void theTimelineApiRunsTheSameQueriesForFewAndManyEvents() throws Exception {
        HindsightUser manager = users.create("api-counter", Role.MANAGER);
        List<HindsightUser> people = List.of(users.create("a1", Role.RESPONDER), users.create("a2", Role.RESPONDER),
                users.create("a3", Role.RESPONDER), users.create("a4", Role.RESPONDER));
        // one event by one author against 40 by four: loading authors or anything else per event shows
        String small = incidentWith(manager, people.subList(0, 1), TestUsers.unique("apismall"), 1);
        String large = incidentWith(manager, people, TestUsers.unique("apilarge"), 40);

        long forSmall = statementsFor(get("/api/incidents/" + small + "/timeline").with(user(manager)));
        long forLarge = statementsFor(get("/api/incidents/" + large + "/timeline").with(user(manager)));
        assertThat(forLarge).as("statements for 40 events by 4 authors vs 1 by 1").isEqualTo(forSmall);
    }

    @Test
    void theIncidentsApiListRunsTheSameQueriesForOneRowAndAFullPage() throws Exception {
        HindsightUser manager = users.create("api-lister", Role.MANAGER);
        List<HindsightUser> people = List.of(users.create("b1", Role.RESPONDER));
        String one = TestUsers.unique("apionerow");
        incidentWith(manager, people, one, 1);
        String many = TestUsers.unique("apifullpage");
        for (int i = 0; i < 25; i++) {
            incidentWith(manager, people, many + " " + i, 1);
        }
        long forOne = statementsFor(get("/api/incidents").param("q", one).with(user(manager)));
        long forPage = statementsFor(get("/api/incidents").param("q", many).with(user(manager)));
        // as on the page: a full page also needs the total (one count query)
        assertThat(forPage).as("statements for 25 rows vs 1, plus the count").isEqualTo(forOne + 1);
    }
}
