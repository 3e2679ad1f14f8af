package org.hindsight.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.ZoneId;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManagerFactory;

import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;

import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.PostmortemState;
import org.hindsight.incident.Severity;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.KeptBodies;
import org.hindsight.support.SessionCookie;
import org.hindsight.support.TestUsers;
import org.hindsight.system.SharedChanges;
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
import org.springframework.test.web.servlet.MvcResult;

/**
 * The ledger page's body is rendered once and kept for every viewer who would see the same
 * ({@code org.hindsight.system.PageBodies}): each viewer still gets their own CSRF token and zone, every change on
 * the next view, and page links that keep their own request's filters.
 */
@DatabaseTest
@Import(LedgerClock.class)
class KeptLedgerPageTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    ActionItemService actions;

    @Autowired
    MeterRegistry meters;

    @Autowired
    EntityManagerFactory entityManagerFactory;

    @Autowired
    SharedChanges shared;

    private LedgerFixture f;

    @BeforeEach
    void items() {
        f = new LedgerFixture(users, incidents, actions);
    }

    @AfterEach
    void clockBack() {
        LedgerClock.at(LedgerClock.START);
    }

    private MvcResult view(HindsightUser viewer, String query) throws Exception {
        return mvc.perform(get("/actions?" + query).with(user(viewer))).andExpect(status().isOk()).andReturn();
    }

    private Document page(HindsightUser viewer, String query) throws Exception {
        return Jsoup.parse(view(viewer, query).getResponse().getContentAsString());
    }

    private double bodies(String outcome) {
        return KeptBodies.count(meters, LedgerPage.BODY, outcome);
    }

    @Test
    void aSecondManagerGetsTheKeptBodyWithTheirOwnWorkingToken() throws Exception {
        HindsightUser second = users.create("kept-ledger-second", Role.MANAGER);
        String query = "service=" + f.service;

        double rendered = bodies("rendered");
        double kept = bodies("kept");
        MvcResult firstView = view(f.manager, query);
        MvcResult secondView = view(second, query);
        String firstPage = firstView.getResponse().getContentAsString();
        String secondPage = secondView.getResponse().getContentAsString();
        assertThat(bodies("rendered") - rendered).as("rendered once").isEqualTo(1);
        assertThat(bodies("kept") - kept).as("then served as kept").isEqualTo(1);
        assertThat(KeptBodies.withoutTokens(secondPage)).isEqualTo(KeptBodies.withoutTokens(firstPage));
        assertThat(KeptBodies.bodyElements(secondPage)).as("the body is not a second <body>").isEqualTo(1);
        assertThat(secondPage).contains(f.a1).doesNotContainPattern(KeptBodies.PLACEHOLDER);
        assertThat(Jsoup.parse(secondPage).select(".user-name").text()).isEqualTo(second.getDisplayName());

        // the bulk form carries the second viewer's token: it changes items in the second viewer's session only
        String token = Jsoup.parse(secondPage).select("#bulk input[name=_csrf]").val();
        assertThat(token).isNotBlank();
        String ticked = f.id1 + ":" + actions.get(f.manager, f.id1).version();
        mvc.perform(post("/actions?" + query).with(user(f.manager)).cookie(SessionCookie.of(firstView))
                .param("_csrf", token).param("op", "reassign").param("selected", ticked)
                .param("newOwner", f.bob.getUsername())).andExpect(status().isForbidden());
        mvc.perform(post("/actions?" + query).with(user(second)).cookie(SessionCookie.of(secondView))
                .param("_csrf", token).param("op", "reassign").param("selected", ticked)
                .param("newOwner", f.bob.getUsername())).andExpect(status().isFound());

        assertThat(page(f.manager, query).select("#ledger-" + f.id1 + " td.owner").text())
                .as("the change shows on the next view").isEqualTo(f.bob.getDisplayName());
    }

    @Test
    void aChangeToAnItemShowsOnTheNextView() throws Exception {
        String query = "service=" + f.service;
        Document before = page(f.manager, query);
        assertThat(before.select("#ledger-" + f.id4)).hasSize(1);
        assertThat(before.select("#stat-open").text()).isEqualTo("4");
        actions.changeStatus(f.manager, f.id4, ActionStatus.DONE, null, null);
        Document after = page(f.manager, query);
        assertThat(after.select("#ledger-" + f.id4)).as("done: no longer among the open items").isEmpty();
        assertThat(after.select("#stat-open").text()).isEqualTo("3");
    }

    @Test
    void aViewerInAnotherZoneGetsTheirOwnBody() throws Exception {
        HindsightUser tokyo = users.create("kept-ledger-tokyo", ZoneId.of("Asia/Tokyo"), Role.MANAGER);
        String query = "service=" + f.service;
        assertThat(page(f.manager, query).select(".page-head .hint").text()).contains("UTC");
        assertThat(page(tokyo, query).select(".page-head .hint").text()).contains("Asia/Tokyo");
    }

    @Test
    void aViewerWhoMayNotChangeItemsInBulkGetsNoBulkFormAfterAManagerDid() throws Exception {
        String query = "service=" + f.service;
        assertThat(page(f.manager, query).select("#bulk")).hasSize(1);
        Document responder = page(f.alice, query);
        assertThat(responder.select("#ledger-" + f.id1)).hasSize(1);
        assertThat(responder.select("#bulk")).isEmpty();
        assertThat(responder.select("#ledger input[type=checkbox]")).isEmpty();
    }

    @Test
    void pageLinksKeepTheirOwnRequestsFilters() throws Exception {
        String service = TestUsers.unique("svc-pages");
        String key = incidents.create(f.manager, new NewIncident("Many items", Severity.SEV2, null, null, null, null,
                null, List.of(service), null));
        long incident = incidents.idOf(key);
        for (int i = 0; i <= LedgerPage.PAGE_SIZE; i++) {
            actions.create(f.manager, incident, new ActionFields("Item " + i, null, ActionType.CORRECTIVE,
                    ActionCategory.TASK, null, null, null, null, null, null, 0));
        }
        // the same items and filters: only the links differ, as each keeps the parameters of its own request
        String plain = page(f.manager, "service=" + service).select("a[rel=next]").attr("href");
        String kept = page(f.manager, "service=" + service + "&from=digest").select("a[rel=next]").attr("href");
        assertThat(plain).contains("service=" + service).contains("page=1").doesNotContain("from=digest");
        assertThat(kept).contains("service=" + service).contains("page=1").contains("from=digest");
    }

    @Test
    void aKeptPageOfItemsIsReadAgainOnlyAfterAChangeSuchAsAPostmortemsState() throws Exception {
        String query = "service=" + f.service;
        Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        page(f.manager, query);
        // changes committed so far are taken into account now, not by the poller in the middle of the count
        shared.poll();
        statistics.clear();
        Document kept = page(f.manager, query);
        assertThat(statistics.getPrepareStatementCount()).as("a kept page: no item read").isZero();
        assertThat(kept.select("#ledger-" + f.id1 + " .postmortem-state").text()).isEqualTo("postmortem: draft");

        // the review writes the state around the incident entity, and raises the mark itself
        incidents.recordPostmortemState(incidents.idOf(f.sev1), PostmortemState.IN_REVIEW);
        shared.poll();
        statistics.clear();
        Document after = page(f.manager, query);
        assertThat(statistics.getPrepareStatementCount()).as("read again").isPositive();
        assertThat(after.select("#ledger-" + f.id1 + " .postmortem-state").text()).isNotEqualTo("postmortem: draft");
    }
}
