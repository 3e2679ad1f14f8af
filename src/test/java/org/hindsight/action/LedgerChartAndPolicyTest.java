package org.hindsight.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The backlog chart's numbers against generated history; the due-date policy and its admin page. */
@DatabaseTest
@Import(LedgerClock.class)
class LedgerChartAndPolicyTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    ActionItemService actions;

    @AfterEach
    void clockBack() {
        LedgerClock.at(LedgerClock.START);
    }

    private record Made(Instant created, Instant closed) {
    }

    @Test
    void theChartsWeeklyNumbersMatchTheHistory() throws Exception {
        ZoneId zone = ZoneId.of("America/New_York");
        HindsightUser manager = users.create("chart-manager", zone, Role.MANAGER);
        String service = TestUsers.unique("chart");
        long incident = incidents.idOf(incidents.create(manager, new NewIncident("Charted", Severity.SEV2, null, null,
                null, null, null, List.of(service), null)));
        // 60 items over 34 weeks before START, every third closed some days later, some still open
        List<Made> made = new ArrayList<>();
        Instant origin = LedgerClock.START.minus(Duration.ofDays(34 * 7));
        for (int i = 0; i < 60; i++) {
            Instant created = origin.plus(Duration.ofHours(97L * i + 5));
            LedgerClock.at(created);
            var item = actions.create(manager, incident, new ActionFields("Chart " + i, null, ActionType.CORRECTIVE,
                    ActionCategory.TASK, null, null, null, null, null, null, 0));
            made.add(new Made(created, null));
            if (i % 3 == 0) {
                Instant closed = created.plus(Duration.ofDays(3L + i % 40));
                if (closed.isBefore(LedgerClock.START)) {
                    LedgerClock.at(closed);
                    actions.changeStatus(manager, item.id(), i % 2 == 0 ? ActionStatus.DONE : ActionStatus.WONT_DO,
                            "Not needed", null);
                    made.set(i, new Made(created, closed));
                }
            }
        }
        LedgerClock.at(LedgerClock.START);

        Document page = Jsoup.parse(mvc.perform(get("/actions").param("service", service).with(user(manager)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        List<Element> rows = page.select("#backlog-table tbody tr");
        assertThat(rows).hasSize(26);
        LocalDate firstMonday = LocalDate.ofInstant(LedgerClock.START, zone)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(25);
        long totalOpened = 0;
        for (int k = 0; k < 26; k++) {
            Instant from = firstMonday.plusWeeks(k).atStartOfDay(zone).toInstant();
            Instant to = firstMonday.plusWeeks(k + 1L).atStartOfDay(zone).toInstant();
            long opened = made.stream().filter(m -> within(m.created(), from, to)).count();
            long closed = made.stream().filter(m -> m.closed() != null && within(m.closed(), from, to)).count();
            long open = made.stream().filter(m -> m.created().isBefore(to)
                    && (m.closed() == null || !m.closed().isBefore(to))).count();
            Element row = rows.get(k);
            assertThat(row.attr("data-week")).isEqualTo(firstMonday.plusWeeks(k).toString());
            assertThat(row.select(".opened").text()).as("opened in week %d", k).isEqualTo(Long.toString(opened));
            assertThat(row.select(".closed").text()).as("closed in week %d", k).isEqualTo(Long.toString(closed));
            assertThat(row.select(".backlog").text()).as("open after week %d", k).isEqualTo(Long.toString(open));
            totalOpened += opened;
        }
        assertThat(totalOpened).as("some items are older than the chart").isLessThan(60).isGreaterThan(30);
        long openNow = made.stream().filter(m -> m.closed() == null).count();
        assertThat(page.select("#stat-open").text()).isEqualTo(Long.toString(openNow));
        // the SVG: 26 weeks of two bars each, a line through 26 points, labelled axes, tooltips with the numbers
        assertThat(page.select("#backlog-chart svg rect.opened")).hasSize(26);
        assertThat(page.select("#backlog-chart svg polyline.backlog").attr("points").split(" ")).hasSize(26);
        assertThat(page.select("#backlog-chart svg text.axis-label").eachText())
                .containsExactly("Week starting (Monday)", "Action items");
        assertThat(page.select("#backlog-chart svg g.week title").last().text())
                .contains(rows.get(25).select(".backlog").text() + " open at its end");
        assertThat(page.select("#backlog-chart svg [style]")).as("no inline styles (CSP)").isEmpty();
    }

    private static boolean within(Instant at, Instant from, Instant to) {
        return !at.isBefore(from) && at.isBefore(to);
    }

    // ---- due-date policy

    private MockHttpServletRequestBuilder policy(HindsightUser admin, String sev1Corrective) {
        MockHttpServletRequestBuilder request = post("/admin/due-dates").with(user(admin)).with(csrf());
        String[][] days = {{"SEV1", sev1Corrective, "21"}, {"SEV2", "28", "56"}, {"SEV3", "56", "90"}, {"SEV4", "56", "90"}};
        for (int i = 0; i < days.length; i++) {
            String row = "rows[" + i + "].";
            request.param(row + "severity", days[i][0]).param(row + "corrective", days[i][1])
                    .param(row + "preventive", days[i][2]).param(row + "detective", days[i][2])
                    .param(row + "process", days[i][2]).param(row + "version", version(admin, i));
        }
        return request;
    }

    private String version(HindsightUser admin, int row) {
        try {
            Document page = Jsoup.parse(mvc.perform(get("/admin/due-dates").with(user(admin))).andReturn().getResponse()
                    .getContentAsString());
            return page.select("input[name=rows[" + row + "].version]").attr("value");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void itemsWithoutADueDateGetThePolicysAndAdminsChangeIt() throws Exception {
        HindsightUser admin = users.create("policy-admin", ZoneId.of("Pacific/Auckland"), Role.ADMIN);
        String key = incidents.create(admin, new NewIncident("Policy", Severity.SEV1, null, null, null, null, null,
                List.of(), null));
        // "today" is the creator's: 10:00 UTC is 23:00 in Auckland
        LocalDate today = LocalDate.ofInstant(LedgerClock.START, ZoneId.of("Pacific/Auckland"));
        var defaulted = actions.create(admin, incidents.idOf(key), new ActionFields("No date", null,
                ActionType.CORRECTIVE, ActionCategory.TASK, null, null, null, null, null, null, 0));
        assertThat(defaulted.dueDate()).isEqualTo(today.plusDays(14));
        String incidentPage = mvc.perform(get("/incidents/" + key).with(user(admin))).andReturn().getResponse()
                .getContentAsString();
        assertThat(Jsoup.parse(incidentPage).select("#policy-due-dates").text())
                .contains("Corrective " + today.plusDays(14)).contains("Preventive " + today.plusDays(28));

        Document refused = Jsoup.parse(mvc.perform(policy(admin, "0")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());
        assertThat(refused.select(".has-error .field-error")).hasSize(1);
        assertThat(refused.select("input[name=rows[0].corrective]").attr("value")).isEqualTo("0");
        mvc.perform(policy(admin, "366")).andExpect(status().isOk());
        mvc.perform(policy(admin, "7")).andExpect(status().isFound());

        var afterChange = actions.create(admin, incidents.idOf(key), new ActionFields("No date either", null,
                ActionType.CORRECTIVE, ActionCategory.TASK, null, null, null, null, null, null, 0));
        assertThat(afterChange.dueDate()).isEqualTo(today.plusDays(7));
        var preventive = actions.create(admin, incidents.idOf(key), new ActionFields("Prevent", null,
                ActionType.PREVENTIVE, ActionCategory.TASK, null, LocalDate.parse("2031-12-24"), null, null, null,
                null, 0));
        assertThat(preventive.dueDate()).as("a date given is kept").isEqualTo(LocalDate.parse("2031-12-24"));
        mvc.perform(policy(admin, "14")).andExpect(status().isFound());
    }
}
