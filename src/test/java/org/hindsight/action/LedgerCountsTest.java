package org.hindsight.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import jakarta.persistence.EntityManagerFactory;

import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.incident.IncidentService;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * The ledger's total is counted once and kept for the next views while nothing changed (LedgerCounts): a change
 * made through any instance shows on the very next view, with no poll of the change counters in between; one made
 * directly in the database, which raises no counter, within ten seconds. The test clock stands still unless a test
 * moves it. The fixture's service has four items still to do; a page of one item needs the total counted.
 */
@DatabaseTest
@Import(LedgerClock.class)
class LedgerCountsTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    ActionItemService actions;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    EntityManagerFactory entityManagerFactory;

    @Autowired
    JsonMapper json;

    private LedgerFixture f;

    @BeforeEach
    void items() {
        f = new LedgerFixture(users, incidents, actions);
    }

    @AfterEach
    void clockBack() {
        LedgerClock.at(LedgerClock.START);
    }

    /** The total the API gives for the fixture's service, and how many statements Hibernate prepared for it. */
    private record Total(long total, long statements) {
    }

    private Total total() throws Exception {
        Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        statistics.clear();
        String body = mvc.perform(get("/api/actions").param("service", f.service).param("size", "1")
                .with(user(f.manager))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return new Total(json.readTree(body).get("total").asLong(), statistics.getPrepareStatementCount());
    }

    /** Done, in the database only, as another instance's transaction would write it (with or without its raise). */
    private void doneElsewhere(long id, boolean raise) {
        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            jdbc.update("update action_item set status = 'DONE' where id = ?", id);
            if (raise) {
                jdbc.update("update change_counter set changes = changes + 1 where topic = 'ledger' and stripe = 7");
            }
        });
    }

    @Test
    void theTotalIsCountedOnceAndCountedAgainAfterAChange() throws Exception {
        Total first = total();
        assertThat(first.total()).isEqualTo(4);
        Total again = total();
        assertThat(again.total()).isEqualTo(4);
        assertThat(again.statements()).as("seen again, unchanged: no count").isEqualTo(first.statements() - 1);

        actions.create(f.manager, incidents.idOf(f.sev3), new ActionFields("More" + TestUsers.unique(""), null,
                ActionType.CORRECTIVE, ActionCategory.TASK, null, null, null, null, null, null, 0));
        Total afterCreate = total();
        assertThat(afterCreate.total()).isEqualTo(5);
        assertThat(afterCreate.statements()).isEqualTo(first.statements());

        actions.changeStatus(f.manager, f.id1, ActionStatus.DONE, null, null);
        assertThat(total().total()).isEqualTo(4);
    }

    @Test
    void aChangeCommittedThroughAnotherInstanceShowsOnTheVeryNextView() throws Exception {
        assertThat(total().total()).isEqualTo(4);
        // no poll of the change counters in between: the view reads them itself
        doneElsewhere(f.id1, true);
        assertThat(total().total()).isEqualTo(3);
        String page = mvc.perform(get("/actions").param("service", f.service).param("page", "1")
                .with(user(f.manager))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Jsoup.parse(page).select("#ledger-count").text()).as("the page's count").contains("3");
        doneElsewhere(f.id3, true);
        assertThat(total().total()).isEqualTo(2);
    }

    @Test
    void aChangeMadeDirectlyInTheDatabaseShowsWithinTenSeconds() throws Exception {
        assertThat(total().total()).isEqualTo(4);
        doneElsewhere(f.id1, false);
        assertThat(total().total()).as("no counter raised: the kept total, for now").isEqualTo(4);
        LedgerClock.at(LedgerClock.START.plus(LedgerCounts.FRESH_FOR).minusMillis(1));
        assertThat(total().total()).isEqualTo(4);
        LedgerClock.at(LedgerClock.START.plus(LedgerCounts.FRESH_FOR));
        assertThat(total().total()).isEqualTo(3);
        LedgerClock.at(LedgerClock.START.plus(Duration.ofDays(1)));
        assertThat(total().total()).as("another day: counted again").isEqualTo(3);
    }
}
