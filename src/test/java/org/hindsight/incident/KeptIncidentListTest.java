package org.hindsight.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManagerFactory;

import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.action.ActionItemService;
import org.hindsight.action.ActionType;

import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.KeptBodies;
import org.hindsight.support.TestUsers;
import org.hindsight.system.SharedChanges;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The incident list's body is rendered once and kept for every viewer who would see the same
 * ({@code org.hindsight.system.PageBodies}), as the incident page's is: each viewer still gets their own navigation,
 * zone and links, and every change on the next view. Its rows are kept too, under the database's mark of changes
 * ({@code IncidentList}): a change made through any instance shows on the next view, with no poll in between.
 */
@DatabaseTest
class KeptIncidentListTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ActionItemService actions;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    EntityManagerFactory entityManagerFactory;

    @Autowired
    SharedChanges shared;

    private String declare(HindsightUser by, String title, String service, Instant startedAt) {
        return incidents.create(by, new NewIncident(title, Severity.SEV2, null, startedAt, null, null, null,
                List.of(service), null));
    }

    private String html(HindsightUser viewer, String query) throws Exception {
        return mvc.perform(get("/incidents?" + query).with(user(viewer))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
    }

    private Document page(HindsightUser viewer, String query) throws Exception {
        return Jsoup.parse(html(viewer, query));
    }

    private double bodies(String outcome) {
        return KeptBodies.count(meters, IncidentListPage.BODY, outcome);
    }

    @Test
    void aSecondViewerGetsTheKeptBodyInTheirOwnPage() throws Exception {
        HindsightUser first = users.create("kept-list-first", Role.RESPONDER);
        HindsightUser second = users.create("kept-list-second", Role.RESPONDER);
        String service = TestUsers.unique("svc-kept-list");
        String key = declare(first, "Checkout errors", service, Instant.now().minus(2, ChronoUnit.HOURS));
        // resolved: its duration no longer moves with the clock between the two views
        incidents.changeStatus(first, key, IncidentStatus.RESOLVED);

        double rendered = bodies("rendered");
        double kept = bodies("kept");
        String firstPage = html(first, "service=" + service);
        String secondPage = html(second, "service=" + service);
        assertThat(bodies("rendered") - rendered).as("rendered once").isEqualTo(1);
        assertThat(bodies("kept") - kept).as("then served as kept").isEqualTo(1);
        assertThat(KeptBodies.withoutTokens(secondPage)).isEqualTo(KeptBodies.withoutTokens(firstPage));
        assertThat(KeptBodies.bodyElements(secondPage)).as("the body is not a second <body>").isEqualTo(1);
        assertThat(Jsoup.parse(secondPage).select("table")).as("only the past incidents' table").hasSize(1);
        Document second2 = Jsoup.parse(secondPage);
        assertThat(second2.select("#incidents-past td.key-cell").eachText()).containsExactly(key);
        assertThat(second2.select(".user-name").text()).isEqualTo(second.getDisplayName());
        assertThat(secondPage).doesNotContainPattern(KeptBodies.PLACEHOLDER);
    }

    @Test
    void aChangeShowsOnTheNextView() throws Exception {
        HindsightUser manager = users.create("kept-list-changer", Role.MANAGER);
        String service = TestUsers.unique("svc-kept-change");
        String key = declare(manager, "Slow searches", service, Instant.now().minus(3, ChronoUnit.HOURS));
        Document before = page(manager, "service=" + service);
        assertThat(before.select("#incidents-active td.title").text()).isEqualTo("Slow searches");
        assertThat(before.select("#incidents-active td.duration").text()).contains("(ongoing)");

        incidents.change(manager, key, edits -> edits.title("Slow searches in the EU"));
        assertThat(page(manager, "service=" + service).select("#incidents-active td.title").text())
                .as("a new title").isEqualTo("Slow searches in the EU");

        incidents.changeStatus(manager, key, IncidentStatus.RESOLVED);
        Document resolved = page(manager, "service=" + service);
        assertThat(resolved.select("#incidents-active")).as("no longer among the active").isEmpty();
        assertThat(resolved.select("#incidents-past td.key-cell").eachText()).containsExactly(key);
        assertThat(resolved.select("#incidents-past td.duration").text()).doesNotContain("(ongoing)");

        String another = declare(manager, "Another one", service, Instant.now().minus(1, ChronoUnit.HOURS));
        assertThat(page(manager, "service=" + service).select("#incidents-active td.key-cell").eachText())
                .as("a new incident").containsExactly(another);
    }

    @Test
    void anOngoingIncidentsDurationIsUntilNow() throws Exception {
        HindsightUser manager = users.create("kept-list-duration", Role.MANAGER);
        String service = TestUsers.unique("svc-kept-duration");
        declare(manager, "Long burner", service, Instant.now().minus(26, ChronoUnit.HOURS));
        assertThat(page(manager, "service=" + service).select("#incidents-active td.duration span").first().text())
                .isEqualTo("1d 2h");
    }

    @Test
    void aViewerWhoMayNotDeclareGetsNoDeclareLinkAfterAResponderViewedTheSame() throws Exception {
        HindsightUser responder = users.create("kept-list-responder", Role.RESPONDER);
        HindsightUser viewer = users.create("kept-list-viewer", Role.VIEWER);
        String service = TestUsers.unique("svc-kept-roles");
        String key = declare(responder, "Queue backlog", service, Instant.now());
        assertThat(page(responder, "service=" + service).select("a[href=/incidents/new]")).hasSize(1);
        Document viewed = page(viewer, "service=" + service);
        assertThat(viewed.select("#incidents-active td.key-cell").eachText()).containsExactly(key);
        assertThat(viewed.select("a[href=/incidents/new], a[href=/incidents/import]")).isEmpty();
    }

    @Test
    void aViewerInAnotherZoneGetsTheTimesInTheirs() throws Exception {
        HindsightUser utc = users.create("kept-list-utc", Role.RESPONDER);
        HindsightUser tokyo = users.create("kept-list-tokyo", ZoneId.of("Asia/Tokyo"), Role.RESPONDER);
        String service = TestUsers.unique("svc-kept-zone");
        declare(utc, "Night pages", service, Instant.parse("2030-01-01T20:00:00Z"));
        assertThat(page(utc, "service=" + service).select("td.started time").text()).contains("2030-01-01 20:00");
        assertThat(page(tokyo, "service=" + service).select("td.started time").text()).contains("2030-01-02 05:00");
    }

    @Test
    void pageLinksKeepTheirOwnRequestsParameters() throws Exception {
        HindsightUser manager = users.create("kept-list-pages", Role.MANAGER);
        String service = TestUsers.unique("svc-kept-pages");
        Instant start = Instant.parse("2029-01-01T00:00:00Z");
        for (int i = 0; i <= IncidentListPage.PAGE_SIZE; i++) {
            declare(manager, "Incident " + i, service, start.plus(i, ChronoUnit.MINUTES));
        }
        // the same incidents and filters: only the links differ, as each keeps the parameters of its own request
        String plain = page(manager, "service=" + service).select("a[rel=next]").attr("href");
        String other = page(manager, "service=" + service + "&from=digest").select("a[rel=next]").attr("href");
        assertThat(plain).contains("service=" + service).contains("page=1").doesNotContain("from=digest");
        assertThat(other).contains("service=" + service).contains("page=1").contains("from=digest");
    }

    @Test
    void aKeptPageIsReadAgainOnlyAfterAChange() throws Exception {
        HindsightUser manager = users.create("kept-list-reads", Role.MANAGER);
        String service = TestUsers.unique("svc-kept-reads");
        String key = declare(manager, "Disk full", service, Instant.now());
        Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        page(manager, "service=" + service);
        // changes committed so far are taken into account now, not by the poller in the middle of the count
        shared.poll();
        statistics.clear();
        page(manager, "service=" + service);
        long kept = statistics.getPrepareStatementCount();
        incidents.change(manager, key, edits -> edits.title("Disk full on db-2"));
        shared.poll();
        statistics.clear();
        assertThat(page(manager, "service=" + service).select("td.title").text()).isEqualTo("Disk full on db-2");
        long afterChange = statistics.getPrepareStatementCount();
        assertThat(afterChange - kept).as("the count, the page's ids, its rows and their open items: read again")
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void aChangeCommittedThroughAnotherInstanceShowsOnTheVeryNextView() throws Exception {
        HindsightUser manager = users.create("kept-list-elsewhere", Role.MANAGER);
        String service = TestUsers.unique("svc-kept-elsewhere");
        String key = declare(manager, "Cache stampede", service, Instant.now());
        assertThat(page(manager, "service=" + service).select("td.title").text()).isEqualTo("Cache stampede");
        // as another instance's transaction writes it: the row and a change counter raised, no poll in between
        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            jdbc.update("update incident set title = ? where id = ?", "Cache stampede, renamed elsewhere",
                    incidents.idOf(key));
            jdbc.update("update change_counter set changes = changes + 1 where topic = 'ledger' and stripe = 3");
        });
        assertThat(page(manager, "service=" + service).select("td.title").text())
                .isEqualTo("Cache stampede, renamed elsewhere");
    }

    @Test
    void aPostmortemStateAnOpenActionItemAndAServiceShowOnTheNextView() throws Exception {
        HindsightUser manager = users.create("kept-list-review", Role.MANAGER);
        String service = TestUsers.unique("svc-kept-review");
        String added = TestUsers.unique("svc-kept-added");
        String key = declare(manager, "Broken deploys", service, Instant.now());
        incidents.changeStatus(manager, key, IncidentStatus.RESOLVED);
        Document before = page(manager, "service=" + service);
        assertThat(before.select("#incidents-past .postmortem-state")).isEmpty();
        assertThat(before.select("#incidents-past td.open-actions").text()).isEqualTo("0");
        assertThat(page(manager, "service=" + added).select("td.key-cell")).isEmpty();

        incidents.recordPostmortemState(incidents.idOf(key), PostmortemState.IN_REVIEW);
        assertThat(page(manager, "service=" + service).select("#incidents-past .postmortem-state").text())
                .as("the review's state, written around the entity").isNotBlank();

        actions.create(manager, incidents.idOf(key), new ActionFields("Add a canary stage", null,
                ActionType.CORRECTIVE, ActionCategory.TASK, null, null, null, null, null, null, 0));
        assertThat(page(manager, "service=" + service).select("#incidents-past td.open-actions").text())
                .isEqualTo("1");

        incidents.change(manager, key, edits -> edits.services(List.of(service, added)));
        assertThat(page(manager, "service=" + added).select("td.key-cell").eachText()).containsExactly(key);
    }
}
