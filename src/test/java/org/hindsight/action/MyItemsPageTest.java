package org.hindsight.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Locale;

import org.hindsight.incident.IncidentService;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.system.Flash;
import org.hindsight.user.HindsightUser;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * My items: the owner starts and finishes their items from the list (they need no rights on the incident), with
 * the same conflict check as anywhere else, and sees how late each one is.
 */
@DatabaseTest
@Import(LedgerClock.class)
class MyItemsPageTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    ActionItemService actions;

    @Autowired
    MessageSource messages;

    private LedgerFixture f;
    private HindsightUser alice;

    @BeforeEach
    void items() {
        f = new LedgerFixture(users, incidents, actions);
        // a responder who neither commands nor joined the incidents: only owning the items lets her move them
        alice = users.reload(f.alice.getUsername());
    }

    @AfterEach
    void clockBack() {
        LedgerClock.at(LedgerClock.START);
    }

    private Document mine() throws Exception {
        return Jsoup.parse(mvc.perform(get("/actions/mine").with(user(alice))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());
    }

    /** The message the page shows after the redirect, as fragments/flash.html resolves it. */
    private String flash(MvcResult result) {
        Flash flash = (Flash) result.getFlashMap().get(Flash.ATTRIBUTE);
        return flash.kind() + ": " + messages.getMessage(flash.code(), flash.args(), Locale.ENGLISH);
    }

    private static Element row(Document page, long id) {
        return page.getElementById("mine-" + id);
    }

    @Test
    void eachRowHasTheNextStepsAndSaysHowLate() throws Exception {
        Document page = mine();
        Element open = row(page, f.id1);
        assertThat(open.select("button").eachText()).containsExactly("Start", "Done");
        assertThat(open.select("td.due").text()).contains("overdue by 5 days");
        Element started = row(page, f.id2);
        assertThat(started.select("button").eachText()).as("already in progress").containsExactly("Done");
        assertThat(started.select("td.due").text()).contains("due in 2 days").doesNotContain("overdue");
    }

    @Test
    void theOwnerStartsAndFinishesAnItemFromTheList() throws Exception {
        Element start = row(mine(), f.id1).selectFirst("form:has(button:containsOwn(Start))");
        MvcResult started = mvc.perform(post(start.attr("action")).with(user(alice)).with(csrf())
                        .param("status", start.select("input[name=status]").val())
                        .param("version", start.select("input[name=version]").val())
                        .param("from", start.select("input[name=from]").val()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/actions/mine#mine-" + f.id1)).andReturn();
        assertThat(actions.get(alice, f.id1).status()).isEqualTo(ActionStatus.IN_PROGRESS);
        assertThat(flash(started)).isEqualTo("success: \"" + f.a1 + "\" is now In progress.");
        Document page = mine();
        assertThat(row(page, f.id1).select("td.status").text()).isEqualTo("In progress");

        Element done = row(page, f.id1).selectFirst("form:has(button:containsOwn(Done))");
        mvc.perform(post(done.attr("action")).with(user(alice)).with(csrf())
                        .param("status", "DONE").param("version", done.select("input[name=version]").val())
                        .param("from", "mine"))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/actions/mine#mine-" + f.id1));
        assertThat(actions.get(alice, f.id1).status()).isEqualTo(ActionStatus.DONE);
        assertThat(row(mine(), f.id1)).as("done items leave the list").isNull();
    }

    @Test
    void aStaleRowIsAConflictNotASilentOverwrite() throws Exception {
        Element done = row(mine(), f.id2).selectFirst("form:has(button:containsOwn(Done))");
        // someone else moves the item after the page was loaded
        actions.changeStatus(f.manager, f.id2, ActionStatus.OPEN, null, null);
        MvcResult refused = mvc.perform(post(done.attr("action")).with(user(alice)).with(csrf())
                        .param("status", "DONE").param("version", done.select("input[name=version]").val())
                        .param("from", "mine"))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/actions/mine#mine-" + f.id2)).andReturn();
        assertThat(actions.get(alice, f.id2).status()).isEqualTo(ActionStatus.OPEN);
        assertThat(flash(refused)).isEqualTo("error: Someone else changed this item just now; look again and retry.");
    }

    @Test
    void someoneElsesItemCannotBeMovedFromTheirList() throws Exception {
        HindsightUser stranger = users.create("stranger", org.hindsight.user.Role.RESPONDER);
        mvc.perform(post("/incidents/" + f.sev1 + "/actions/" + f.id1 + "/status").with(user(stranger)).with(csrf())
                .param("status", "DONE").param("from", "mine")).andExpect(status().isForbidden());
        assertThat(actions.get(alice, f.id1).status()).isEqualTo(ActionStatus.OPEN);
    }
}
