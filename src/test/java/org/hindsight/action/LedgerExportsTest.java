package org.hindsight.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hindsight.support.ApiCalls.problemNaming;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;

import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.incident.IncidentService;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The ledger's CSV export, its API and the personal calendar feed, read back as their consumers read them. */
@DatabaseTest
@Import(LedgerClock.class)
class LedgerExportsTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    ActionItemService actions;

    private LedgerFixture f;

    @BeforeEach
    void items() {
        f = new LedgerFixture(users, incidents, actions);
    }

    @AfterEach
    void clockBack() {
        LedgerClock.at(LedgerClock.START);
    }

    // ---- CSV

    @Test
    void theCsvHoldsTheFilteredViewQuotedAndWithFormulasNeutralised() throws Exception {
        String tricky = "=HYPERLINK(\"http://evil\",\"click\"), then \"more\"\non two lines";
        long id = actions.create(f.manager, incidents.idOf(f.sev1), new ActionFields(tricky, null, ActionType.CORRECTIVE,
                ActionCategory.TASK, f.bob.getUsername(), LocalDate.parse("2031-03-13"), null, null, null, null, 0)).id();
        actions.create(f.manager, incidents.idOf(f.sev1), new ActionFields("+1 more, -2 less", null, ActionType.CORRECTIVE,
                ActionCategory.TASK, f.bob.getUsername(), LocalDate.parse("2031-03-14"), null, null, null, null, 0));
        actions.create(f.manager, incidents.idOf(f.sev1), new ActionFields("@SUM(A1) Grüße", null, ActionType.CORRECTIVE,
                ActionCategory.TASK, f.bob.getUsername(), LocalDate.parse("2031-03-15"), null, null, null, null, 0));

        MvcResult result = mvc.perform(get("/actions.csv").param("service", f.service).param("owner", f.bob.getUsername())
                .with(user(f.bob))).andExpect(status().isOk()).andReturn();
        assertThat(result.getResponse().getContentType()).isEqualTo("text/csv;charset=UTF-8");
        assertThat(result.getResponse().getHeader(HttpHeaders.CONTENT_DISPOSITION))
                .isEqualTo("attachment; filename=\"action-items-2031-03-12.csv\"");
        String csv = new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
        String[] lines = csv.split("\r\n", -1);
        assertThat(lines[0]).isEqualTo(String.join(",", LedgerCsv.HEADER));
        assertThat(csv).endsWith("\r\n");
        assertThat(csv).contains("\r\n" + f.sev1 + ",Checkout down,SEV1,\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\"),"
                + " then \"\"more\"\"\non two lines\",CORRECTIVE,TASK," + f.bob.getUsername() + ",");
        assertThat(csv).contains(",\"'+1 more, -2 less\",").contains(",'@SUM(A1) Grüße,");
        // the bob-owned items only, open ones (a3 and the three above): a header and four records
        assertThat(csv).contains(f.a3).doesNotContain(f.a5).doesNotContain(f.a1);
        assertThat(csv.split("\r\n(?=INC-)")).hasSize(5);
        assertThat(csv).contains(f.sev1 + ",Checkout down,SEV1").contains(",bob-");
        assertThat(id).isPositive();
    }

    @Test
    void aBadCsvFilterIsRefusedNamingIt() throws Exception {
        String body = mvc.perform(get("/actions.csv").param("type", "SOMETHING").with(user(f.bob)))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat(body).startsWith("type:");
    }

    // ---- API

    @Test
    void theApiListsFilteredItemsWithTheirIncidentKeys() throws Exception {
        mvc.perform(get("/api/actions").param("service", f.service).param("overdue", "true").with(user(f.bob)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(2))
                .andExpect(jsonPath("$.page").value(0))
                .andExpect(jsonPath("$.size").value(25))
                .andExpect(jsonPath("$.items[0].title").value(f.a1))
                .andExpect(jsonPath("$.items[0].incidentKey").value(f.sev1))
                .andExpect(jsonPath("$.items[0].overdue").value(true))
                .andExpect(jsonPath("$.items[1].title").value(f.a4))
                .andExpect(jsonPath("$.items[1].owner").doesNotExist());
        mvc.perform(get("/api/actions").param("service", f.service).param("owner", f.alice.getUsername())
                        .param("status", "any").param("type", "CORRECTIVE").param("size", "1").param("page", "1")
                        .with(user(f.bob)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.total").value(2))
                .andExpect(jsonPath("$.items.length()").value(1)).andExpect(jsonPath("$.items[0].title").value(f.a1));
        mvc.perform(get("/api/actions").param("service", f.service).param("dueWithinDays", "3").with(user(f.bob)))
                .andExpect(jsonPath("$.total").value(1)).andExpect(jsonPath("$.items[0].title").value(f.a2))
                .andExpect(jsonPath("$.items[0].status").value("IN_PROGRESS"));
    }

    @Test
    void badApiParametersAreNamed() throws Exception {
        Map<String, String> bad = Map.of("status", "FOO", "size", "100000", "dueWithinDays", "-1", "overdue", "maybe",
                "page", "-1", "type", "BIG", "createdFrom", "12/03/2031", "sort", "random");
        for (var parameter : bad.entrySet()) {
            mvc.perform(get("/api/actions").param(parameter.getKey(), parameter.getValue()).with(user(f.bob)))
                    .andExpect(status().isBadRequest()).andExpect(problemNaming(parameter.getKey()));
        }
        mvc.perform(get("/api/actions").param("size", "100").with(user(f.bob))).andExpect(status().isOk());
    }

    // ---- calendar feed

    private String newFeedUrl(HindsightUser who) throws Exception {
        MvcResult made = mvc.perform(post("/profile/calendar").with(user(who)).with(csrf()))
                .andExpect(status().isFound()).andReturn();
        String url = (String) made.getFlashMap().get("newCalendarUrl");
        assertThat(url).matches("http://localhost/actions/calendar/[A-Za-z0-9_-]{43}\\.ics");
        return url.substring("http://localhost".length());
    }

    private Calendar fetch(String path) throws Exception {
        MvcResult result = mvc.perform(get(path)).andExpect(status().isOk()).andReturn();
        assertThat(result.getResponse().getContentType()).isEqualTo("text/calendar;charset=UTF-8");
        assertThat(result.getRequest().getSession(false)).as("no session").isNull();
        assertThat(result.getResponse().getHeader(HttpHeaders.SET_COOKIE)).isNull();
        String ics = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        for (String line : ics.split("\r\n")) {
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(line).isLessThanOrEqualTo(75);
        }
        return new CalendarBuilder().build(new StringReader(ics));
    }

    @Test
    void theCalendarFeedHasEveryOpenItemOnItsDueDate() throws Exception {
        HindsightUser alice = users.reload(f.alice.getUsername());
        String odd = "Ünïcödé; commas, backslash \\ and a very long title that needs folding over several lines 🚒🚒🚒";
        long oddId = actions.create(f.manager, incidents.idOf(f.sev3), new ActionFields(odd, null, ActionType.PROCESS,
                ActionCategory.TASK, alice.getUsername(), LocalDate.parse("2031-04-01"), null, null, null, null, 0)).id();
        String path = newFeedUrl(alice);

        Calendar calendar = fetch(path);
        List<VEvent> events = calendar.getComponents("VEVENT");
        Map<String, VEvent> byUid = events.stream().collect(Collectors.toMap(
                e -> e.getUid().orElseThrow().getValue(), e -> e));
        // alice's open items: a1 and a2 (a6 is won't-do), and the new one
        assertThat(byUid.keySet()).containsExactlyInAnyOrder("action-item-" + f.id1 + "@hindsight",
                "action-item-" + f.id2 + "@hindsight", "action-item-" + oddId + "@hindsight");
        VEvent first = byUid.get("action-item-" + f.id1 + "@hindsight");
        assertThat(first.getSummary().getValue()).isEqualTo(f.sev1 + " Checkout down: " + f.a1);
        assertThat(first.getDateTimeStart().getValue()).isEqualTo("20310307");
        assertThat(first.getDateTimeStart().getParameter("VALUE").orElseThrow().getValue()).isEqualTo("DATE");
        assertThat(first.getProperty("URL").orElseThrow().getValue())
                .isEqualTo("http://localhost/incidents/" + f.sev1 + "#action-" + f.id1);
        assertThat(first.getProperty("DTSTAMP")).isPresent();
        VEvent oddEvent = byUid.get("action-item-" + oddId + "@hindsight");
        assertThat(oddEvent.getSummary().getValue()).isEqualTo(f.sev3 + " Slow search: " + odd);
        assertThat(oddEvent.getDateTimeStart().getValue()).isEqualTo("20310401");

        // changes follow; the UID stays
        actions.changeStatus(f.manager, f.id2, ActionStatus.DONE, null, null);
        List<VEvent> after = fetch(path).getComponents("VEVENT");
        assertThat(after.stream().map(e -> e.getUid().orElseThrow().getValue()))
                .containsExactlyInAnyOrder("action-item-" + f.id1 + "@hindsight", "action-item-" + oddId + "@hindsight");
    }

    @Test
    void aRegeneratedOrRevokedFeedAddressStopsWorking() throws Exception {
        HindsightUser bob = users.reload(f.bob.getUsername());
        String first = newFeedUrl(bob);
        assertThat(fetch(first).getComponents("VEVENT")).hasSize(1);
        String profile = mvc.perform(get("/profile").with(user(bob))).andReturn().getResponse().getContentAsString();
        assertThat(profile).contains("id=\"calendar-active\"").doesNotContain(first);

        String second = newFeedUrl(bob);
        mvc.perform(get(first)).andExpect(status().isNotFound());
        fetch(second);
        mvc.perform(post("/profile/calendar/revoke").with(user(bob)).with(csrf())).andExpect(status().isFound());
        mvc.perform(get(second)).andExpect(status().isNotFound());
        mvc.perform(get("/actions/calendar/not-a-token.ics")).andExpect(status().isNotFound());
    }
}
