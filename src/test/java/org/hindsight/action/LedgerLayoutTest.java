package org.hindsight.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.hindsight.incident.IncidentService;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/** The ledger page's order (numbers, items, then the chart) and filters that say what they could not apply. */
@DatabaseTest
@Import(LedgerClock.class)
class LedgerLayoutTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    ActionItemService actions;

    private LedgerFixture f;

    @BeforeEach
    void items() {
        f = new LedgerFixture(users, incidents, actions);
    }

    @AfterEach
    void clockBack() {
        LedgerClock.at(LedgerClock.START);
    }

    private Document page(HindsightUser viewer, String query) throws Exception {
        return Jsoup.parse(mvc.perform(get("/actions?" + query).with(user(viewer))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
    }

    /** The ids of these elements in page order. */
    private static List<String> order(Document page, String... ids) {
        return page.select(String.join(", ", java.util.Arrays.stream(ids).map(id -> "#" + id).toList())).eachAttr("id");
    }

    @Test
    void theItemsComeRightAfterTheNumbersAndTheChartIsFoldedBelowThem() throws Exception {
        Document page = page(f.manager, "service=" + f.service);
        assertThat(order(page, "ledger-summary", "ledger", "bulk", "backlog-chart"))
                .containsExactly("ledger-summary", "ledger", "bulk", "backlog-chart");
        Element chart = page.getElementById("backlog-chart");
        assertThat(chart.tagName()).isEqualTo("details");
        assertThat(chart.hasAttr("open")).as("folded until asked for").isFalse();
        assertThat(chart.selectFirst("summary").text()).contains("Open action items, last 26 weeks");
        assertThat(chart.select("svg rect.opened")).hasSize(26);
        assertThat(page.getElementById("bulk").attr("data-bulk")).as("hindsight.js hides it until items are ticked")
                .isEqualTo("ticked");
    }

    @Test
    void anOwnerWithoutAnAccountIsNamedAndShownAsTheFilter() throws Exception {
        Document page = page(f.manager, "service=" + f.service + "&owner=Nobody-Here");
        assertThat(page.select("#filter-notices").text())
                .isEqualTo("No account is named \"nobody-here\": the list shows nobody's items.");
        assertThat(page.select("#f-owner option[selected]").text()).as("not 'Anyone'")
                .isEqualTo("nobody-here (no such account)");
        assertThat(page.select("#ledger tbody tr")).isEmpty();
        assertThat(page.select("#stat-open").text()).isEqualTo("0");
    }

    @Test
    void aServiceNoIncidentNamesIsNamedAndShownAsTheFilter() throws Exception {
        String service = TestUsers.unique("no-such-service");
        Document page = page(f.manager, "service=" + service);
        assertThat(page.select("#filter-notices").text())
                .isEqualTo("No incident names the service \"" + service + "\": the list shows no items.");
        assertThat(page.select("#f-service option[selected]").text()).isEqualTo(service + " (unknown)");
    }

    @Test
    void aKnownOwnerAndServiceNeedNoNotice() throws Exception {
        Document page = page(f.manager, "service=" + f.service + "&owner=" + f.alice.getUsername());
        assertThat(page.select("#filter-notices")).isEmpty();
        assertThat(page.select("#f-owner option[selected]").text()).isEqualTo(f.alice.getUsername());
        assertThat(page.select("#f-owner option").eachText()).doesNotContain(f.alice.getUsername() + " (no such account)");
        assertThat(page.select("#f-service option[selected]").text()).isEqualTo(f.service);
    }

    @Test
    void aValueThatMakesNoSenseIsQuotedInItsNotice() throws Exception {
        Document page = page(f.manager, "service=" + f.service + "&status=SOMETIMES&type=odd");
        assertThat(page.select("#filter-problems").text()).contains("status \"SOMETIMES\"").contains("type \"odd\"");
    }
}
