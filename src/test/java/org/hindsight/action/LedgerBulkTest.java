package org.hindsight.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.List;

import org.hindsight.incident.IncidentService;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.system.Flash;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Bulk changes from the ledger: who may, what each operation does, conflicts skipped, bad input kept. */
@DatabaseTest
@Import(LedgerClock.class)
class LedgerBulkTest {

    @Autowired
    org.hindsight.audit.AuditLog auditLog;

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    ActionItemService actions;

    @Autowired
    BulkActions bulkActions;

    private LedgerFixture f;

    @BeforeEach
    void items() {
        f = new LedgerFixture(users, incidents, actions);
    }

    @AfterEach
    void clockBack() {
        LedgerClock.at(LedgerClock.START);
    }

    private String ticked(long id) {
        return id + ":" + actions.get(f.manager, id).version();
    }

    private MockHttpServletRequestBuilder bulk(HindsightUser who, String op, long... ids) {
        return bulkOn("&overdue=true", who, op, ids);
    }

    private MockHttpServletRequestBuilder bulkOn(String query, HindsightUser who, String op, long... ids) {
        MockHttpServletRequestBuilder request = post("/actions?service=" + f.service + query).with(user(who))
                .with(csrf()).param("op", op);
        for (long id : ids) {
            request.param("selected", ticked(id));
        }
        return request;
    }

    @Test
    void aManagerReassignsTheTickedItemsAndComesBackToTheSameView() throws Exception {
        MvcResult result = mvc.perform(bulk(f.manager, "reassign", f.id1, f.id4).param("newOwner", f.bob.getUsername()))
                .andExpect(status().isFound()).andReturn();
        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/actions?service=" + f.service + "&overdue=true");
        Flash flash = (Flash) result.getFlashMap().get(Flash.ATTRIBUTE);
        assertThat(flash.kind()).isEqualTo("success");
        assertThat(flash.code()).isEqualTo("ledger.bulk.changed");
        assertThat(flash.args()).containsExactly(2);
        assertThat(actions.get(f.manager, f.id1).owner()).isEqualTo(f.bob.getUsername());
        assertThat(actions.get(f.manager, f.id4).owner()).isEqualTo(f.bob.getUsername());
        assertThat(actions.get(f.manager, f.id2).owner()).as("not ticked").isEqualTo(f.alice.getUsername());
    }

    @Test
    void dueDatesMoveAndStatusesChangeWithTheReasonWontDoNeeds() throws Exception {
        mvc.perform(bulk(f.manager, "due", f.id1, f.id3).param("newDueDate", "2031-06-30")).andExpect(status().isFound());
        assertThat(actions.get(f.manager, f.id1).dueDate()).isEqualTo(LocalDate.parse("2031-06-30"));
        assertThat(actions.get(f.manager, f.id3).dueDate()).isEqualTo(LocalDate.parse("2031-06-30"));
        // each item's change is in the audit trail, as a bulk change by the manager
        assertThat(auditLog.search(new org.hindsight.audit.AuditLog.AuditFilter(f.manager.getUsername(), "action item",
                null, null), 0).items()).filteredOn(e -> "dueDate".equals(e.field()) && "BULK".equals(e.channel()))
                .extracting(e -> e.channel(), e -> e.id(), e -> e.to())
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("BULK", String.valueOf(f.id1), "2031-06-30"),
                        org.assertj.core.groups.Tuple.tuple("BULK", String.valueOf(f.id3), "2031-06-30"));

        String noReason = mvc.perform(bulkOn("", f.manager, "status", f.id1, f.id3).param("newStatus", "WONT_DO"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        Document page = Jsoup.parse(noReason);
        assertThat(page.select(".has-error .field-error").text()).contains("Say why this will not be done.");
        assertThat(page.select("input[name=selected][checked]").eachAttr("value"))
                .as("the selection is kept").containsExactlyInAnyOrder(ticked(f.id1), ticked(f.id3));
        assertThat(page.select("select#newStatus option[selected]").attr("value")).isEqualTo("WONT_DO");
        assertThat(actions.get(f.manager, f.id1).status()).isEqualTo(ActionStatus.OPEN);

        mvc.perform(bulk(f.manager, "status", f.id1, f.id3).param("newStatus", "WONT_DO").param("reason", "Superseded"))
                .andExpect(status().isFound());
        var dropped = actions.get(f.manager, f.id3);
        assertThat(dropped.status()).isEqualTo(ActionStatus.WONT_DO);
        assertThat(dropped.wontDoReason()).isEqualTo("Superseded");
        assertThat(dropped.completedAt()).isEqualTo(LedgerClock.START);
    }

    @Test
    void anItemChangedMeanwhileIsSkippedAndNamed() throws Exception {
        MockHttpServletRequestBuilder request = bulk(f.manager, "reassign", f.id1, f.id4)
                .param("newOwner", f.bob.getUsername());
        // someone else edits item 4 after the manager's page showed it
        actions.changeStatus(f.manager, f.id4, ActionStatus.IN_PROGRESS, null, null);
        MvcResult result = mvc.perform(request).andExpect(status().isFound()).andReturn();
        Flash flash = (Flash) result.getFlashMap().get(Flash.ATTRIBUTE);
        assertThat(flash.code()).isEqualTo("ledger.bulk.conflicts");
        assertThat(flash.args()[0]).isEqualTo(1);
        assertThat(flash.args()[1]).isEqualTo(1);
        assertThat((String) flash.args()[2]).contains(f.sev3).contains(f.a4);
        assertThat(actions.get(f.manager, f.id1).owner()).isEqualTo(f.bob.getUsername());
        assertThat(actions.get(f.manager, f.id4).owner()).as("not overwritten").isNull();
    }

    @Test
    void onlyManagersAndAdminsChangeItemsInBulk() throws Exception {
        HindsightUser responder = users.create("bulk-responder", Role.RESPONDER);
        HindsightUser viewer = users.create("bulk-viewer", Role.VIEWER);
        HindsightUser admin = users.create("bulk-admin", Role.ADMIN);
        for (HindsightUser who : List.of(responder, viewer, f.bob)) {
            mvc.perform(bulk(who, "reassign", f.id1).param("newOwner", who.getUsername())).andExpect(status().isForbidden());
        }
        mvc.perform(bulk(f.manager, "reassign", f.id1).param("newOwner", f.bob.getUsername()).with(user(f.manager))
                .with(request -> {
                    request.removeParameter("_csrf");
                    return request;
                })).andReturn();
        assertThat(actions.get(f.manager, f.id1).owner()).isEqualTo(f.alice.getUsername());
        assertThatThrownBy(() -> bulkActions.apply(responder, List.of(new BulkActions.Selected(f.id1, 0)),
                new BulkActions.Change(BulkActions.Operation.REASSIGN, null, null, null, null)))
                .isInstanceOf(AccessDeniedException.class);

        mvc.perform(bulk(admin, "reassign", f.id1).param("newOwner", "")).andExpect(status().isFound());
        assertThat(actions.get(f.manager, f.id1).owner()).as("unassigned by an admin").isNull();
    }

    @Test
    void badInputIsNamedAndNothingChanges() throws Exception {
        Document unknown = Jsoup.parse(mvc.perform(bulk(f.manager, "reassign", f.id1).param("newOwner", "nobody-here"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(unknown.select(".has-error .field-error").text()).contains("No active user has this username.");
        assertThat(unknown.select("#newOwner").attr("value")).isEqualTo("nobody-here");

        Document none = Jsoup.parse(mvc.perform(bulk(f.manager, "reassign").param("newOwner", f.bob.getUsername()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(none.select("#bulk .field-error").text()).contains("Tick at least one item first.");

        Document noDate = Jsoup.parse(mvc.perform(bulk(f.manager, "due", f.id1)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        assertThat(noDate.select(".field-error").text()).contains("Choose the new due date.");
        assertThat(actions.get(f.manager, f.id1).owner()).isEqualTo(f.alice.getUsername());
    }
}
