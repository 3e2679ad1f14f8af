package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hindsight.support.ApiCalls.obj;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.support.ApiCalls;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import tools.jackson.databind.json.JsonMapper;

/**
 * One rule for dates everywhere: the API takes dates from the year 1970 to 9999, and so does every form (incident
 * summary times, timeline events, action item due dates, the ledger's bulk move and its filters). A date outside
 * is named at its field with the rule, the typed text stays in the form, and nothing is written.
 */
@DatabaseTest
class StorableDatesTest {

    private static final String RULE = "1970 to 9999";

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

    HindsightUser manager;
    String key;

    @BeforeEach
    void anIncident() {
        manager = users.create("dates", ZoneId.of("Europe/Berlin"), Role.MANAGER);
        key = incidents.create(manager, new NewIncident("Dates " + TestUsers.unique("d"), Severity.SEV2, null,
                Instant.parse("2024-05-12T09:00:00Z"), null, null, null, List.of(), null));
    }

    /**
     * What a form answers for one typed value: the field names the rule, the value stays, nothing changed. A date
     * outside the rule is not a date the form takes (400, like any value a field cannot hold); the timeline's
     * free-text time answers like any time it cannot read (the page again, 200).
     */
    private void refusedAtTheField(MockHttpServletRequestBuilder request, String field, String typed) throws Exception {
        refusedAtTheField(request, field, typed, 400);
    }

    private void refusedAtTheField(MockHttpServletRequestBuilder request, String field, String typed, int status)
            throws Exception {
        Map<String, Object> before = snapshot();
        MockHttpServletResponse response = mvc.perform(request.with(user(manager)).with(csrf())).andReturn()
                .getResponse();
        assertThat(response.getStatus()).as("shown again with the message, not saved or a server error")
                .isEqualTo(status);
        Document page = Jsoup.parse(response.getContentAsString());
        assertThat(page.select("[name=" + field + "]").attr("value")).as("typed value kept").isEqualTo(typed);
        assertThat(page.select(".has-error .field-error, #timeline-entry .field-error").text()).as("message at the field")
                .contains(RULE);
        assertThat(snapshot()).as("nothing written").isEqualTo(before);
    }

    private Map<String, Object> snapshot() {
        long id = incidents.idOf(key);
        return Map.of(
                "incident", jdbc.queryForMap("select * from incident where id = ?", id),
                "events", jdbc.queryForList("select id, version from timeline_event where incident_id = ? order by id", id),
                "actions", jdbc.queryForList("select id, version, due_date from action_item where incident_id = ? order by id", id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000-01-01T10:00", "+99999-01-01T10:00", "99999-01-01T10:00", "1969-12-31T10:00"})
    void theIncidentFormsTimes(String typed) throws Exception {
        refusedAtTheField(post("/incidents").param("title", "Too early or late").param("severity", "SEV3")
                .param("startedAt", typed), "startedAt", typed);
        long version = incidents.details(key).version();
        refusedAtTheField(post("/incidents/" + key).param("title", "Dates").param("severity", "SEV2")
                .param("status", "INVESTIGATING").param("startedAt", "2024-05-12T11:00").param("detectedAt", typed)
                .param("version", Long.toString(version)), "detectedAt", typed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000-01-01T10:00", "1969-12-31T10:00"})
    void theTimelineEntry(String typed) throws Exception {
        refusedAtTheField(post("/incidents/" + key + "/timeline").param("text", "Long ago").param("at", typed)
                .param("kind", "NOTE"), "at", typed, 200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000-01-01T10:00", "+99999-01-01T10:00", "99999-01-01T10:00"})
    void theTimelineEventForm(String typed) throws Exception {
        var posted = mvc.perform(post("/incidents/" + key + "/timeline").with(user(manager)).with(csrf())
                .param("text", "An event").param("at", "2024-05-12T11:30").param("kind", "NOTE")).andReturn();
        assertThat(posted.getResponse().getStatus()).isEqualTo(302);
        long eventId = jdbc.queryForObject("select max(id) from timeline_event where incident_id = ?", Long.class,
                incidents.idOf(key));
        refusedAtTheField(post("/incidents/" + key + "/timeline/" + eventId).param("text", "An event")
                .param("at", typed).param("kind", "NOTE").param("version", "0"), "at", typed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000-01-01T10:00:00Z", "1969-12-31T10:00:00Z", "+99999-01-01T10:00:00Z"})
    void theSummaryTimeConfirmation(String at) throws Exception {
        Map<String, Object> before = snapshot();
        MockHttpServletResponse response = mvc.perform(post("/incidents/" + key + "/summary-times")
                .with(user(manager)).with(csrf()).param("time", "MITIGATED").param("at", at)).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(Jsoup.parse(response.getContentAsString()).select(".error-page").text()).contains("\"at\"");
        assertThat(snapshot()).as("nothing written").isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000-01-01", "+99999-01-01", "99999-01-01", "1969-12-31", "10000-01-01"})
    void actionItemDueDates(String typed) throws Exception {
        BiFunction<String, String, MockHttpServletRequestBuilder> item = (path, due) -> post(path)
                .param("title", "Fix it").param("type", "CORRECTIVE").param("category", "TASK")
                .param("priority", "HIGH").param("status", "OPEN").param("dueDate", due).param("version", "0");
        refusedAtTheField(item.apply("/incidents/" + key + "/actions", typed), "dueDate", typed);

        mvc.perform(item.apply("/incidents/" + key + "/actions", "2030-01-01").with(user(manager)).with(csrf()));
        long itemId = jdbc.queryForObject("select max(id) from action_item where incident_id = ?", Long.class,
                incidents.idOf(key));
        refusedAtTheField(item.apply("/incidents/" + key + "/actions/" + itemId, typed), "dueDate", typed);
        // the ledger's bulk move of the same item
        refusedAtTheField(post("/actions").param("selected", itemId + ":0").param("op", "due")
                .param("newDueDate", typed), "newDueDate", typed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1970-01-01", "9999-12-31"})
    void theRulesEndsAreTaken(String due) throws Exception {
        var response = mvc.perform(post("/incidents/" + key + "/actions").with(user(manager)).with(csrf())
                .param("title", "At the edge").param("type", "CORRECTIVE").param("category", "TASK")
                .param("priority", "HIGH").param("status", "OPEN").param("dueDate", due).param("version", "0"))
                .andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(302);
        assertThat(jdbc.queryForObject("select max(due_date) from action_item where incident_id = ?", LocalDate.class,
                incidents.idOf(key))).isEqualTo(due);
    }

    @ParameterizedTest
    @CsvSource({"createdFrom, 0000-01-01", "createdTo, +99999-01-01", "createdTo, 1969-12-31"})
    void theLedgersFiltersNameTheValue(String filter, String typed) throws Exception {
        String page = mvc.perform(get("/actions").param(filter, typed).with(user(manager))).andReturn().getResponse()
                .getContentAsString();
        assertThat(Jsoup.parse(page).text()).contains(filter).contains(RULE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000-01-01", "1969-12-31", "+99999-01-01", "10000-01-01"})
    void theApiSaysTheSame(String date) throws Exception {
        ApiCalls api = new ApiCalls(mvc, json, "10.77");
        MockHttpServletResponse incident = api.send(api.postJson("/api/incidents", obj("title", "Early", "severity",
                "SEV3", "startedAt", date + "T10:00:00Z")).with(api.basic(manager)));
        assertThat(incident.getStatus()).isEqualTo(400);
        assertThat(incident.getContentAsString()).contains("\"field\":\"startedAt\"");
        MockHttpServletResponse action = api.send(api.postJson("/api/incidents/" + key + "/actions", obj("title",
                "Early", "type", "CORRECTIVE", "dueDate", date)).with(api.basic(manager)));
        assertThat(action.getStatus()).isEqualTo(400);
        assertThat(action.getContentAsString()).contains("\"field\":\"dueDate\"");
        if (date.length() == 10) {
            assertThat(incident.getContentAsString()).contains(RULE);
            assertThat(action.getContentAsString()).contains(RULE);
        }
    }
}
