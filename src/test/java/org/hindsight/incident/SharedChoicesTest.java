package org.hindsight.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.RunningApp;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.hindsight.user.UserDirectory;
import org.hindsight.user.UserService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The choices every page offers (service names in the filters, usernames as owner suggestions) are kept for a
 * while rather than read on every view: a change made through this instance shows on the very next page, one made
 * through another instance within a second.
 */
@DatabaseTest
class SharedChoicesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    UserDirectory userDirectory;

    @Autowired
    IncidentService incidents;

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    @Test
    void aNewServiceIsOfferedByTheListFilterOnTheNextView() throws Exception {
        HindsightUser responder = users.create("svc-choices", Role.RESPONDER);
        String service = TestUsers.unique("brand-new-service");
        assertThat(page(get("/incidents").with(user(responder)))).doesNotContain("value=\"" + service + "\"");

        incidents.create(responder, new NewIncident("Uses a new service", Severity.SEV3, null,
                Instant.parse("2024-05-12T09:00:00Z"), null, null, null, List.of(service), null));

        assertThat(page(get("/incidents").with(user(responder)))).contains("value=\"" + service + "\"");
    }

    @Test
    void aServiceAndAnAccountAddedThroughAnotherInstanceAreOfferedHereWithinASecond() throws Exception {
        RunningApp other = RunningApp.other();
        HindsightUser responder = users.create("svc-elsewhere", Role.RESPONDER);
        String service = TestUsers.unique("service-from-elsewhere");
        String key = incidents.create(responder, new NewIncident("Offered everywhere", Severity.SEV3, null,
                Instant.parse("2024-05-12T09:00:00Z"), null, null, null, List.of(), null));
        assertThat(page(get("/incidents").with(user(responder)))).doesNotContain("value=\"" + service + "\"");
        assertThat(page(get("/incidents/" + key).with(user(responder)))).contains("<option value=\"");

        other.bean(IncidentService.class).create(responder, new NewIncident("Names a new service", Severity.SEV3,
                null, Instant.parse("2024-05-12T09:00:00Z"), null, null, null, List.of(service), null));
        String newcomer = TestUsers.unique("elsewhere");
        other.bean(UserService.class).createExampleAccount(newcomer, "From Elsewhere", newcomer + "@example.com",
                Role.RESPONDER);
        long committed = System.nanoTime();

        Thread.sleep(Math.max(0, 1000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - committed)));
        assertThat(page(get("/incidents").with(user(responder)))).as("a second later, the list filter offers the "
                + "other instance's new service").contains("value=\"" + service + "\"");
        assertThat(page(get("/incidents/" + key).with(user(responder)))).as("and the owner suggestions its new "
                + "account").contains("<option value=\"" + newcomer + "\">");
    }

    @Test
    void aNewOrDisabledAccountChangesTheOwnerSuggestionsOnTheNextView() throws Exception {
        HindsightUser admin = users.create("choices-admin", Role.ADMIN, Role.MANAGER, Role.RESPONDER);
        String key = incidents.create(admin, new NewIncident("Owner suggestions", Severity.SEV3, null,
                Instant.parse("2024-05-12T09:00:00Z"), null, null, null, List.of(), null));
        String newcomer = TestUsers.unique("newcomer");
        String suggestion = "<option value=\"" + newcomer + "\">";
        assertThat(page(get("/incidents/" + key).with(user(admin)))).doesNotContain(suggestion);

        mvc.perform(post("/admin/users").with(csrf()).with(user(admin)).param("username", newcomer)
                        .param("displayName", "New Comer").param("email", "new@example.com").param("timeZone", "UTC")
                        .param("roles", "RESPONDER").param("password", "a-long-enough-password"))
                .andExpect(status().isFound());
        assertThat(page(get("/incidents/" + key).with(user(admin)))).contains(suggestion);

        var account = userDirectory.enabledByUsername(newcomer).orElseThrow();
        mvc.perform(post("/admin/users/" + account.getId()).with(csrf()).with(user(admin))
                        .param("displayName", "New Comer").param("email", "new@example.com").param("timeZone", "UTC")
                        .param("roles", "RESPONDER").param("version", Long.toString(account.getVersion())))
                .andExpect(status().isFound());
        assertThat(page(get("/incidents/" + key).with(user(admin)))).as("disabled: no longer suggested")
                .doesNotContain(suggestion);
    }
}
