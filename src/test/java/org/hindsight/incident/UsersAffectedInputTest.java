package org.hindsight.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.support.ApiCalls;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.json.JsonMapper;

/**
 * The share of users affected holds a number from 0 to 100 with at most two decimals (the column is
 * NUMERIC(5, 2)). A number with more decimals, written out or as an exponent such as {@code 1e-999999999}, is a
 * 400 naming the field on the API (create and patch) and on both incident forms, which keep what was typed; nothing
 * is written.
 */
@DatabaseTest
class UsersAffectedInputTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    ApiCalls api;
    HindsightUser manager;
    String key;

    @BeforeEach
    void anIncident() {
        api = new ApiCalls(mvc, json, "10.78");
        manager = users.create("percent", Role.MANAGER);
        key = incidents.create(manager, new NewIncident("Percent " + TestUsers.unique("p"), Severity.SEV2, null,
                Instant.parse("2024-05-12T09:00:00Z"), null, null, new java.math.BigDecimal("30"), List.of(), null));
    }

    private long incidentCount() {
        return jdbc.queryForObject("select count(*) from incident", Long.class);
    }

    private Map<String, Object> incidentRow() {
        return jdbc.queryForMap("select * from incident where id = ?", incidents.idOf(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e-999999999", "1E-7", "0.001", "33.333"})
    void theApiRefusesItOnCreateAndPatch(String number) throws Exception {
        long before = incidentCount();
        MockHttpServletResponse created = api.send(post("/api/incidents").with(api.basic(manager))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"title\":\"Tiny share\",\"severity\":\"SEV3\",\"usersAffectedPercent\":" + number + "}"));
        assertThat(created.getStatus()).isEqualTo(400);
        assertThat(created.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(created.getContentAsString()).contains("\"field\":\"usersAffectedPercent\"").contains("at most 2 decimals");
        assertThat(incidentCount()).as("nothing written").isEqualTo(before);

        Map<String, Object> row = incidentRow();
        MockHttpServletResponse patched = api.send(patch("/api/incidents/" + key).with(api.basic(manager))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"usersAffectedPercent\":" + number + ",\"version\":" + incidents.details(key).version() + "}"));
        assertThat(patched.getStatus()).isEqualTo(400);
        assertThat(patched.getContentAsString()).contains("\"field\":\"usersAffectedPercent\"").contains("at most 2 decimals");
        assertThat(incidentRow()).as("nothing written").isEqualTo(row);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e-999999999", "1E-7", "0.001", "33.333"})
    void theFormsRefuseItAndKeepWhatWasTyped(String number) throws Exception {
        long before = incidentCount();
        MockHttpServletResponse declared = mvc.perform(post("/incidents").with(user(manager)).with(csrf())
                .param("title", "Tiny share").param("severity", "SEV3").param("impact", "Kept impact")
                .param("usersAffectedPercent", number)).andReturn().getResponse();
        assertRefusedAtTheField(declared, number);
        assertThat(Jsoup.parse(declared.getContentAsString()).select("[name=impact]").text()).isEqualTo("Kept impact");
        assertThat(incidentCount()).as("nothing written").isEqualTo(before);

        Map<String, Object> row = incidentRow();
        MockHttpServletResponse edited = mvc.perform(post("/incidents/" + key).with(user(manager)).with(csrf())
                .param("title", "Renamed meanwhile").param("severity", "SEV2").param("status", "INVESTIGATING")
                .param("startedAt", "2024-05-12T09:00").param("usersAffectedPercent", number)
                .param("version", Long.toString(incidents.details(key).version()))).andReturn().getResponse();
        assertRefusedAtTheField(edited, number);
        assertThat(Jsoup.parse(edited.getContentAsString()).select("[name=title]").attr("value"))
                .isEqualTo("Renamed meanwhile");
        assertThat(incidentRow()).as("nothing written").isEqualTo(row);
    }

    private static void assertRefusedAtTheField(MockHttpServletResponse response, String typed) throws Exception {
        assertThat(response.getStatus()).isEqualTo(400);
        Document page = Jsoup.parse(response.getContentAsString());
        assertThat(page.select("input[name=usersAffectedPercent]").attr("value")).isEqualTo(typed);
        assertThat(page.select("#usersAffectedPercent-error").text()).contains("at most 2 decimals");
    }
}
