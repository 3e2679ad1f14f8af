package org.hindsight.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

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
 * The ledger's total is kept for the next views while nothing changed (LedgerCounts), and a change made through any
 * instance shows on the very next view, with no poll of the change counters in between. The fixture's service has
 * four items still to do; a page of one item needs the total. When a total is kept and when counted:
 * KeptLedgerTotalTest (here another test JVM on the same PostgreSQL database may raise the counters at any time).
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

    /** The total the API gives for the fixture's service (a page of one item: the total is counted or kept). */
    private long total() throws Exception {
        String body = mvc.perform(get("/api/actions").param("service", f.service).param("size", "1")
                .with(user(f.manager))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return json.readTree(body).get("total").asLong();
    }

    /** Done, in the database only, as another instance's transaction writes it: the row and a counter raised. */
    private void doneElsewhere(long id) {
        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            jdbc.update("update action_item set status = 'DONE' where id = ?", id);
            jdbc.update("update change_counter set changes = changes + 1 where topic = 'ledger' and stripe = 7");
        });
    }

    @Test
    void aChangeThroughTheAppShowsOnTheVeryNextView() throws Exception {
        assertThat(total()).isEqualTo(4);
        assertThat(total()).isEqualTo(4);
        actions.create(f.manager, incidents.idOf(f.sev3), new ActionFields("More" + TestUsers.unique(""), null,
                ActionType.CORRECTIVE, ActionCategory.TASK, null, null, null, null, null, null, 0));
        assertThat(total()).isEqualTo(5);
        actions.changeStatus(f.manager, f.id1, ActionStatus.DONE, null, null);
        assertThat(total()).isEqualTo(4);
    }

    @Test
    void aChangeCommittedThroughAnotherInstanceShowsOnTheVeryNextView() throws Exception {
        assertThat(total()).isEqualTo(4);
        // no poll of the change counters in between: the view reads them itself
        doneElsewhere(f.id1);
        assertThat(total()).isEqualTo(3);
        String page = mvc.perform(get("/actions").param("service", f.service).param("page", "1")
                .with(user(f.manager))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Jsoup.parse(page).select("#ledger-count").text()).as("the page's count").contains("3");
        doneElsewhere(f.id3);
        assertThat(total()).isEqualTo(2);
    }
}
