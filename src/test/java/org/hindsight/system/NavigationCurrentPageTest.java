package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** The navigation bar marks the page the reader is on (aria-current="page"), on every page that has it. */
@DatabaseTest
class NavigationCurrentPageTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    /** The texts of the navigation links marked current (a count badge aside). */
    private List<String> current(HindsightUser viewer, String path) throws Exception {
        Document page = Jsoup.parse(mvc.perform(get(path).with(user(viewer))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());
        page.select(".nav-count").remove();
        return page.select("header [aria-current=page]").eachText();
    }

    @Test
    void eachSectionOfTheNavigationIsMarkedOnItsOwnPages() throws Exception {
        HindsightUser admin = users.create("nav-admin", Role.ADMIN, Role.MANAGER, Role.RESPONDER);
        String key = incidents.create(admin, new NewIncident("Navigation check", Severity.SEV4, null, null, null, null,
                null, List.of(), null));

        assertThat(current(admin, "/incidents")).containsExactly("Incidents");
        assertThat(current(admin, "/incidents/" + key)).containsExactly("Incidents");
        assertThat(current(admin, "/incidents/new")).containsExactly("Incidents");
        assertThat(current(admin, "/actions")).containsExactly("Action items");
        assertThat(current(admin, "/actions/mine")).as("not also Action items").containsExactly("My items");
        assertThat(current(admin, "/alerts")).containsExactly("Alerts");
        assertThat(current(admin, "/search?q=navigation")).containsExactly("Search");
        assertThat(current(admin, "/postmortem-templates")).containsExactly("Postmortem templates");
        assertThat(current(admin, "/admin/users")).containsExactly("Admin");
        assertThat(current(admin, "/admin/due-dates")).containsExactly("Admin");
        assertThat(current(admin, "/profile")).containsExactly(admin.getDisplayName());
    }
}
