package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.util.List;

import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Forms whose lists are bound from repeated parameters ({@code selected=…}, {@code roles=…}) given indexed names
 * instead ({@code selected[x]}, {@code roles[300]}, {@code selected[-1]}): the 400 page naming the parameter, never a
 * 500 (Spring's constructor binding failed inside on such names).
 */
@DatabaseTest
class IndexedParametersTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvSource({
            "/actions, selected[x], 1:0",
            "/actions, selected[300], 1:0",
            "/actions, selected[-1], 1:0",
            "/actions, selected[99999999], 1:0",
            "/admin/users, roles[x], ADMIN",
            "/admin/users, roles[300], ADMIN",
            "/incidents/{key}/timeline/1, keyMoments[x], START",
            "/incidents/{key}/timeline/1, keyMoments[99999999], START"})
    void anIndexNoFormHasIsNeverA500(String path, String name, String value) throws Exception {
        HindsightUser admin = users.create("indexed", Role.ADMIN);
        String key = incidents.create(admin, new NewIncident("Indexed", Severity.SEV3, null,
                Instant.parse("2024-05-12T09:00:00Z"), null, null, null, List.of(), null));
        var response = mvc.perform(post(path.replace("{key}", key)).with(user(admin)).with(csrf())
                .param("op", "due").param("newDueDate", "2030-01-01").param("username", "someone")
                .param("text", "t").param("at", "2024-05-12T10:00").param("kind", "NOTE")
                .param(name, value)).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(Jsoup.parse(response.getContentAsString()).select(".error-page").text()).contains(name);
    }
}
