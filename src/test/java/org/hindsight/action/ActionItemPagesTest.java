package org.hindsight.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Adding, editing and completing action items from the incident page. */
@DatabaseTest
class ActionItemPagesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    ActionItemService actions;

    private HindsightUser manager;
    private HindsightUser owner;
    private String key;

    @BeforeEach
    void anIncident() {
        manager = users.create("action-manager", Role.MANAGER);
        owner = users.create("action-owner", Role.VIEWER);
        key = incidents.create(manager, new NewIncident("Needs follow-up", Severity.SEV2, null,
                Instant.parse("2024-05-12T09:00:00Z"), null, null, null, List.of(), null));
    }

    private MockHttpServletRequestBuilder add(String title, String ownerName, String due) {
        return post("/incidents/" + key + "/actions").with(user(manager)).with(csrf()).param("title", title)
                .param("category", "TASK").param("type", "PREVENTIVE").param("priority", "HIGH").param("status", "OPEN")
                .param("owner", ownerName).param("dueDate", due).param("details", "Use **canary** checks")
                .param("version", "0");
    }

    @Test
    void anItemAddedFromTheIncidentPageShowsWithItsOwnerAndDueDate() throws Exception {
        mvc.perform(add("Test LB configs in CI", owner.getUsername(), "2030-06-01")
                .param("trackerUrl", "https://tracker.example.com/OPS-7")).andExpect(status().isFound());
        String page = mvc.perform(get("/incidents/" + key).with(user(manager))).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Test LB configs in CI").contains(owner.getDisplayName()).contains("2030-06-01")
                .contains("<strong>canary</strong>").contains("href=\"https://tracker.example.com/OPS-7\"")
                .contains("Preventive").contains("High");
        assertThat(page).doesNotContain("badge warn\">overdue");
    }

    @Test
    void badInputReRendersTheIncidentPageWithMessagesAndTheTextKept() throws Exception {
        String unknownOwner = mvc.perform(add("Kept title", "nobody-here", "2030-06-01")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(unknownOwner).contains("No active user has this username.").contains("value=\"Kept title\"")
                .contains("<details class=\"add-action\" open");

        String badUrl = mvc.perform(add("Kept title", owner.getUsername(), "2030-06-01").param("trackerUrl", "javascript:alert(1)"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(badUrl).contains("An http or https link");

        String noTitle = mvc.perform(add("", owner.getUsername(), "2030-06-01")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(noTitle).contains("Required.");
        assertThat(actions.forIncident(manager, incidents.idOf(key))).isEmpty();
    }

    @Test
    void theOwnerCompletesTheirItemButCannotEditIt() throws Exception {
        var item = actions.create(manager, incidents.idOf(key), new ActionFields("Owner's item", null, ActionType.CORRECTIVE,
                ActionCategory.TASK, owner.getUsername(), LocalDate.parse("2020-01-01"), null, null, null, null, 0));
        assertThat(item.overdue()).isTrue();
        mvc.perform(get("/incidents/" + key + "/actions/" + item.id() + "/edit").with(user(owner)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/incidents/" + key + "/actions/" + item.id() + "/status").with(user(owner)).with(csrf())
                .param("status", "DONE").param("version", Long.toString(item.version()))).andExpect(status().isFound());
        var done = actions.get(owner, item.id());
        assertThat(done.status()).isEqualTo(ActionStatus.DONE);
        assertThat(done.completedAt()).isNotNull();
        assertThat(done.overdue()).as("done items are not overdue").isFalse();

        HindsightUser stranger = users.create("stranger", Role.RESPONDER);
        mvc.perform(post("/incidents/" + key + "/actions/" + item.id() + "/status").with(user(stranger)).with(csrf())
                .param("status", "OPEN")).andExpect(status().isForbidden());
    }

    @Test
    void wontDoNeedsAReasonAndEditsConflictLikeEverythingElse() throws Exception {
        var item = actions.create(manager, incidents.idOf(key), new ActionFields("Maybe later", null, ActionType.PROCESS,
                ActionCategory.IMPROVEMENT, null, null, null, null, null, null, 0));
        String edit = "/incidents/" + key + "/actions/" + item.id();
        String noReason = mvc.perform(post(edit).with(user(manager)).with(csrf()).param("title", "Maybe later")
                        .param("category", "IMPROVEMENT").param("type", "PROCESS").param("priority", "LOW")
                        .param("status", "WONT_DO").param("version", "0"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(noReason).contains("Say why this will not be done.");

        mvc.perform(post(edit).with(user(manager)).with(csrf()).param("title", "Maybe later").param("category", "IMPROVEMENT")
                .param("type", "PROCESS").param("priority", "LOW").param("status", "WONT_DO")
                .param("wontDoReason", "Replaced by the new gateway").param("version", "0")).andExpect(status().isFound());
        var wontDo = actions.get(manager, item.id());
        assertThat(wontDo.status()).isEqualTo(ActionStatus.WONT_DO);
        assertThat(wontDo.wontDoReason()).isEqualTo("Replaced by the new gateway");
        String page = mvc.perform(get("/incidents/" + key).with(user(manager)))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Won&#39;t do: Replaced by the new gateway").doesNotContain("{0}");

        String stale = mvc.perform(post(edit).with(user(manager)).with(csrf()).param("title", "A stale rename")
                        .param("category", "IMPROVEMENT").param("type", "PROCESS").param("priority", "LOW")
                        .param("status", "OPEN").param("version", "0"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(stale).contains("Someone else saved this record").contains("value=\"A stale rename\"");
        assertThat(actions.get(manager, item.id()).title()).isEqualTo("Maybe later");
    }

    @Test
    void theIncidentListCountsOpenItems() throws Exception {
        long id = incidents.idOf(key);
        for (String title : List.of("one", "two", "three")) {
            actions.create(manager, id, new ActionFields(title, null, ActionType.CORRECTIVE, ActionCategory.TASK, null,
                    null, null, null, null, null, 0));
        }
        var done = actions.forIncident(manager, id).get(0);
        actions.changeStatus(manager, done.id(), ActionStatus.DONE, null, done.version());
        var row = incidents.search(new org.hindsight.incident.IncidentFilter(null, null, null, "Needs follow-up", null), 0, 100)
                .getContent().stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow();
        assertThat(row.openActions()).isEqualTo(2);
    }

    @Test
    void anOwnerSeesTheirOpenItemsAcrossIncidents() throws Exception {
        actions.create(manager, incidents.idOf(key), new ActionFields("Mine to do", null, ActionType.DETECTIVE,
                ActionCategory.TASK, owner.getUsername(), LocalDate.parse("2031-01-01"), null, null, null, null, 0));
        String mine = mvc.perform(get("/actions/mine").with(user(owner))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(mine).contains("Mine to do").contains(key).contains("2031-01-01");
    }
}
