package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.Cookie;

import org.hindsight.support.DatabaseTest;
import org.hindsight.support.SessionCookie;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** Health and metrics for operators, error pages for people, problem details for the API. */
@DatabaseTest
class OperationsAndErrorsTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Test
    void healthIsPublicAndIncludesTheDatabaseForAdmins() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components").doesNotExist());
        HindsightUser admin = users.create("ops-admin", Role.ADMIN);
        mvc.perform(get("/actuator/health").with(user(admin))).andExpect(status().isOk())
                .andExpect(jsonPath("$.components.db.status").value("UP"));
    }

    @Test
    void prometheusScrapesWithAnAdminsToken() throws Exception {
        HindsightUser admin = users.create("scraper", Role.ADMIN);
        String token = (String) mvc.perform(post("/profile/tokens").param("name", "prometheus").with(user(admin))
                .with(csrf())).andReturn().getFlashMap().get("newToken");
        String metrics = mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer " + token))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(metrics).contains("jvm_memory_used_bytes").contains("hikaricp_connections");

        HindsightUser manager = users.create("not-scraper", Role.MANAGER);
        String managerToken = (String) mvc.perform(post("/profile/tokens").param("name", "nope").with(user(manager))
                .with(csrf())).andReturn().getFlashMap().get("newToken");
        mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer " + managerToken))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void aSignedInBrowserMayReadTheApiWithItsSession() throws Exception {
        HindsightUser viewer = users.create("session-api", Role.VIEWER);
        Cookie session = SessionCookie.of(mvc.perform(post("/login").with(csrf())
                        .param("username", viewer.getUsername()).param("password", TestUsers.PASSWORD)
                        .with(TestUsers.from("10.4.0.1")))
                .andReturn());
        mvc.perform(get("/api/me").cookie(session)).andExpect(status().isOk())
                .andExpect(jsonPath("$.username").value(viewer.getUsername()));
    }

    @Test
    void anUnexpectedErrorIsThe500PageInTheLayoutWithoutDetails() throws Exception {
        HindsightUser viewer = users.create("oops", Role.VIEWER);
        String page = mvc.perform(get("/error").with(user(viewer))
                        .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 500)
                        .requestAttr(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("secret internals"))
                        .accept(MediaType.TEXT_HTML))
                .andExpect(status().isInternalServerError()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Something broke").contains("class=\"topbar\"").doesNotContain("secret internals");
    }

    @Test
    void anUnknownPageIsThe404PageInTheLayout() throws Exception {
        HindsightUser viewer = users.create("lost", Role.VIEWER);
        String page = mvc.perform(get("/no/such/page").with(user(viewer)).accept(MediaType.TEXT_HTML))
                .andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Not found").contains("class=\"topbar\"");
    }

    @Test
    void anUnknownApiPathIsAProblemDocument() throws Exception {
        HindsightUser viewer = users.create("lost-api", Role.VIEWER);
        mvc.perform(get("/api/no-such-thing").with(user(viewer)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(404));
    }
}
