package org.hindsight.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.hindsight.incident.IncidentService;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/** The ledger page: filters and sorts in combination, overdue by the clock, the summary, /actions/mine. */
@DatabaseTest
@Import(LedgerClock.class)
class LedgerPagesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    ActionItemService actions;

    private LedgerFixture f;
    private HindsightUser viewer;

    @BeforeEach
    void items() {
        f = new LedgerFixture(users, incidents, actions);
        viewer = users.create("ledger-viewer", Role.VIEWER);
    }

    @AfterEach
    void clockBack() {
        LedgerClock.at(LedgerClock.START);
    }

    private Document page(String query) throws Exception {
        String html = mvc.perform(get("/actions?service=" + f.service + (query.isEmpty() ? "" : "&" + query))
                .with(user(viewer))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return Jsoup.parse(html);
    }

    /** The item titles the ledger lists, in its order. */
    private List<String> titles(String query) throws Exception {
        return page(query).select("#ledger tbody tr td:nth-child(2) a").eachText();
    }

    @Test
    void openItemsSoonestDueFirstByDefault() throws Exception {
        assertThat(titles("")).containsExactly(f.a1, f.a4, f.a2, f.a3);
    }

    @Test
    void filtersCombine() throws Exception {
        assertThat(titles("owner=" + f.alice.getUsername())).containsExactly(f.a1, f.a2);
        assertThat(titles("owner=" + f.alice.getUsername() + "&status=any")).containsExactly(f.a6, f.a1, f.a2);
        assertThat(titles("owner=_unassigned")).containsExactly(f.a4);
        assertThat(titles("overdue=true")).containsExactly(f.a1, f.a4);
        assertThat(titles("overdue=true&owner=" + f.alice.getUsername())).containsExactly(f.a1);
        assertThat(titles("type=CORRECTIVE&status=any")).containsExactly(f.a6, f.a1, f.a4);
        assertThat(titles("severity=SEV1")).containsExactly(f.a1, f.a2);
        assertThat(titles("severity=SEV3&type=DETECTIVE")).containsExactly(f.a3);
        assertThat(titles("dueWithinDays=3")).containsExactly(f.a2);
        assertThat(titles("dueWithinDays=10&severity=SEV3")).containsExactly(f.a3);
        assertThat(titles("status=DONE")).containsExactly(f.a5);
        assertThat(titles("status=WONT_DO&overdue=true")).isEmpty();
        // created on 6, 7, 8, 9, 10 and 11 March (UTC, the viewer's zone)
        assertThat(titles("status=any&createdFrom=2031-03-07&createdTo=2031-03-09")).containsExactly(f.a4, f.a2, f.a3);
        assertThat(titles("status=any&createdFrom=2031-03-10")).containsExactly(f.a6, f.a5);
    }

    @Test
    void sortsByDuePriorityAndAge() throws Exception {
        assertThat(titles("sort=due")).containsExactly(f.a1, f.a4, f.a2, f.a3);
        assertThat(titles("sort=priority")).containsExactly(f.a1, f.a3, f.a4, f.a2);
        assertThat(titles("sort=age")).containsExactly(f.a1, f.a2, f.a3, f.a4);
        assertThat(titles("sort=newest&status=any")).containsExactly(f.a6, f.a5, f.a4, f.a3, f.a2, f.a1);
        assertThat(titles("sort=priority&owner=" + f.alice.getUsername() + "&status=any"))
                .containsExactly(f.a1, f.a6, f.a2);
    }

    @Test
    void overdueFollowsTheClockAndShowsHowLate() throws Exception {
        Document now = page("");
        assertThat(now.select("#ledger-" + f.id1 + " td.due").text()).contains("overdue by 5 days");
        assertThat(now.select("#ledger-" + f.id2 + " td.due").text()).contains("due in 2 days");
        assertThat(now.select("#ledger-" + f.id1).text()).contains("6 days");

        LedgerClock.CLOCK.advance(Duration.ofDays(3));
        assertThat(titles("overdue=true")).containsExactly(f.a1, f.a4, f.a2);
        Document later = page("");
        assertThat(later.select("#ledger-" + f.id2 + " td.due").text()).contains("overdue by 1 day");
        assertThat(later.select("#ledger-" + f.id3 + " td.due").text()).contains("due in 7 days");
    }

    @Test
    void theSummaryCountsTheViewsItemsAndLoadsPerOwner() throws Exception {
        Document page = page("");
        assertThat(page.select("#stat-open").text()).isEqualTo("4");
        assertThat(page.select("#stat-overdue").text()).isEqualTo("2");
        assertThat(page.select("#stat-week").text()).as("due from Wednesday to Sunday").isEqualTo("1");
        assertThat(page.select("#stat-done").text()).isEqualTo("1");
        Map<String, String> loads = page.select("#owner-loads tbody tr").stream().collect(Collectors.toMap(
                tr -> tr.attr("data-owner"), tr -> tr.select(".open").text() + "/" + tr.select(".overdue").text(),
                (a, b) -> a, java.util.LinkedHashMap::new));
        assertThat(loads).containsExactly(Map.entry(f.alice.getUsername(), "2/1"), Map.entry("_unassigned", "1/1"),
                Map.entry(f.bob.getUsername(), "1/0"));

        LedgerClock.CLOCK.advance(Duration.ofDays(31));
        Document later = page("");
        assertThat(later.select("#stat-overdue").text()).isEqualTo("4");
        assertThat(later.select("#stat-done").text()).as("done more than 30 days ago").isEqualTo("0");
    }

    @Test
    void badFilterValuesAreNamedAndIgnored() throws Exception {
        Document page = page("status=SOMETIMES&dueWithinDays=-1&createdFrom=yesterday");
        assertThat(page.select(".flash-error").text()).contains("status").contains("dueWithinDays")
                .contains("createdFrom");
        assertThat(page.select("#ledger tbody tr td:nth-child(2) a").eachText()).containsExactly(f.a1, f.a4, f.a2, f.a3);
    }

    @Test
    void paginationKeepsTheFilters() throws Exception {
        String service = f.service;
        long incident = incidents.idOf(f.sev3);
        for (int i = 0; i < 51; i++) {
            actions.create(f.manager, incident, new ActionCommands.ActionFields("Bulk " + i, null, ActionType.PROCESS,
                    ActionCategory.TASK, f.bob.getUsername(), null, null, null, null, null, 0));
        }
        Document first = page("owner=" + f.bob.getUsername());
        assertThat(first.select("#ledger tbody tr")).hasSize(50);
        assertThat(first.select("#ledger-count").text()).contains("52 items");
        String next = first.select(".pagination a[rel=next]").attr("href");
        assertThat(next).contains("service=" + service).contains("owner=" + f.bob.getUsername()).contains("page=1");
        assertThat(first.select("#csv-export").attr("href"))
                .isEqualTo("/actions.csv?owner=" + f.bob.getUsername() + "&service=" + service);
    }

    @Test
    void myItemsListsOverdueFirstAndTheNavigationCountsThem() throws Exception {
        HindsightUser alice = users.reload(f.alice.getUsername());
        Document mine = Jsoup.parse(mvc.perform(get("/actions/mine").with(user(alice))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        assertThat(mine.select("#my-items tbody tr td:nth-child(2)").eachText()).containsExactly(f.a1, f.a2);
        assertThat(mine.select("#my-items tbody tr").first().hasClass("overdue")).isTrue();
        assertThat(mine.select("#nav-mine .nav-count").text()).isEqualTo("2");

        Document incidentsPage = Jsoup.parse(mvc.perform(get("/incidents").with(user(alice))).andReturn()
                .getResponse().getContentAsString());
        assertThat(incidentsPage.select("#nav-mine .nav-count").text()).isEqualTo("2");
        Document nothing = Jsoup.parse(mvc.perform(get("/incidents").with(user(viewer))).andReturn()
                .getResponse().getContentAsString());
        assertThat(nothing.select("#nav-mine")).hasSize(1);
        assertThat(nothing.select("#nav-mine .nav-count")).isEmpty();
    }
}
