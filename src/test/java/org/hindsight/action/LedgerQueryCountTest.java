package org.hindsight.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import jakarta.persistence.EntityManagerFactory;

import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.hindsight.action.ActionCommands.ActionFields;
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

/** No N+1 on the ledger: the SQL it runs does not grow with the rows it shows, nor does the nav count. */
@DatabaseTest
class LedgerQueryCountTest {

    @Autowired
    org.hindsight.system.SharedChanges sharedChanges;

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    ActionItemService actions;

    @Autowired
    EntityManagerFactory entityManagerFactory;

    private long statementsFor(MockHttpServletRequestBuilder request) throws Exception {
        Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        sharedChanges.poll();
        statistics.clear();
        mvc.perform(request).andExpect(status().isOk());
        return statistics.getPrepareStatementCount();
    }

    /** {@code count} items, each on an incident of its own, owned by several people. */
    private String service(HindsightUser manager, List<HindsightUser> owners, int count) {
        String service = TestUsers.unique("qc");
        for (int i = 0; i < count; i++) {
            long id = incidents.idOf(incidents.create(manager, new NewIncident("QC " + i, Severity.values()[i % 4],
                    null, null, null, null, null, List.of(service), null)));
            actions.create(manager, id, new ActionFields("Item " + i, null, ActionType.values()[i % 4],
                    ActionCategory.TASK, owners.get(i % owners.size()).getUsername(), null, null, null, null, null, 0));
        }
        return service;
    }

    @Test
    void theLedgerRunsTheSameQueriesForOneRowAndAFullPage() throws Exception {
        HindsightUser manager = users.create("ledger-counter", Role.MANAGER);
        List<HindsightUser> owners = List.of(users.create("o1", Role.VIEWER), users.create("o2", Role.VIEWER),
                users.create("o3", Role.VIEWER));
        String one = service(manager, owners, 1);
        String many = service(manager, owners, 60);
        // fill what every page shows and keeps for a while (service names, usernames), not this scope's numbers:
        // the views counted below run the summary and the chart
        mvc.perform(get("/actions").param("service", "warm-up").with(user(manager))).andExpect(status().isOk());

        long forOne = statementsFor(get("/actions").param("service", one).with(user(manager)));
        long forPage = statementsFor(get("/actions").param("service", many).with(user(manager)));
        // a full page also needs the total (one count query); a page with one row knows it already
        assertThat(forPage).as("statements for 50 rows vs 1, plus the count").isEqualTo(forOne + 1);
        assertThat(forOne).as("rows, summary (1), chart (3), choices, nav count").isLessThanOrEqualTo(10);

        long apiOne = statementsFor(get("/api/actions").param("service", one).with(user(manager)));
        // a page size the views above did not ask for: its rows are read, not kept (LedgerQueries)
        long apiPage = statementsFor(get("/api/actions").param("service", many).param("size", "40").with(user(manager)));
        // the same filter's total was counted for the page above: kept (LedgerCounts), or counted once more when
        // another test's change raised the counters meanwhile (the PostgreSQL run shares its database)
        assertThat(apiPage).as("the API's 40 rows vs 1, the total kept or counted").isBetween(apiOne, apiOne + 1);

        long csvOne = statementsFor(get("/actions.csv").param("service", one).with(user(manager)));
        long csvMany = statementsFor(get("/actions.csv").param("service", many).with(user(manager)));
        assertThat(csvMany).as("the export of 60 rows vs 1: one streamed query").isEqualTo(csvOne);
    }

    @Test
    void theNavigationCountIsOneQuery() throws Exception {
        HindsightUser owner = users.create("nav-owner", Role.VIEWER);
        HindsightUser manager = users.create("nav-manager", Role.MANAGER);
        service(manager, List.of(owner), 3);
        long page = statementsFor(get("/profile").with(user(owner)));
        String html = mvc.perform(get("/profile").with(user(owner))).andReturn().getResponse().getContentAsString();
        assertThat(html).contains("class=\"nav-count\"");
        HindsightUser nobody = users.create("nav-nobody", Role.VIEWER);
        long without = statementsFor(get("/profile").with(user(nobody)));
        assertThat(page).as("the count is the same one query whatever it counts").isEqualTo(without);
    }
}
