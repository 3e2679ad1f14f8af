package org.hindsight.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hindsight.support.ApiCalls.problemNaming;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManagerFactory;

import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.action.ActionItemService;
import org.hindsight.action.ActionStatus;
import org.hindsight.action.ActionType;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.IncidentStatus;
import org.hindsight.incident.Severity;
import org.hindsight.incident.SummaryTime;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.system.SharedChanges;
import org.hindsight.timeline.EventKind;
import org.hindsight.timeline.TimelineService;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Insights on incidents of known times, in 2047 and tagged with a service of their own, against figures worked out by
 * hand below: medians and 90th percentiles by nearest rank, an excluded incident of each kind, an ongoing one, an
 * incident whose month (and one whose being in the range at all) changes with the viewer's zone, action items done
 * just after their due date's end in UTC (on time in New York), dead ends in runs, deleted and last. The page's SVG
 * against its tables, the API, the CSV, bad filters, the incident page and the postmortems; the statements a view runs
 * do not grow with the incidents it covers.
 */
@DatabaseTest
class InsightsTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    @Autowired
    ActionItemService actions;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    org.hindsight.timeline.DeadEndTimes deadEnds;

    @Autowired
    SharedChanges sharedChanges;

    @Autowired
    EntityManagerFactory entityManagerFactory;

    /** Made once for every test of the class (the context and its database outlive the tests). */
    private static String service;
    private static String second;
    private static HindsightUser manager;
    private static HindsightUser utcViewer;
    private static HindsightUser newYorkViewer;
    private static final Map<String, String> keys = new HashMap<>();

    @BeforeEach
    void incidentsOfKnownTimes() {
        if (service != null) {
            return;
        }
        service = TestUsers.unique("insights").toLowerCase();
        second = TestUsers.unique("insights-two").toLowerCase();
        manager = users.create("insights-manager", Role.MANAGER);
        utcViewer = users.create("insights-utc", ZoneId.of("UTC"), Role.VIEWER);
        newYorkViewer = users.create("insights-ny", NEW_YORK, Role.VIEWER);

        // A: detect 5m, respond 5m, mitigate 60m, resolve 120m; dead ends 10:05 and 10:20 until 10:35 (30m), 10:50
        // until 11:00 (10m), one deleted at 11:05 (would count 5m); 40m in all
        long a = incident("A", Severity.SEV2, IncidentStatus.CLOSED, "2047-03-10T10:00:00Z", 5, 10, 60, 120, second);
        event(a, "2047-03-10T10:00:00Z", EventKind.NOTE);
        event(a, "2047-03-10T10:05:00Z", EventKind.DEAD_END);
        event(a, "2047-03-10T10:20:00Z", EventKind.DEAD_END);
        event(a, "2047-03-10T10:35:00Z", EventKind.ACTION);
        event(a, "2047-03-10T10:50:00Z", EventKind.DEAD_END);
        event(a, "2047-03-10T11:00:00Z", EventKind.OBSERVATION);
        long deleted = event(a, "2047-03-10T11:05:00Z", EventKind.DEAD_END);
        event(a, "2047-03-10T11:10:00Z", EventKind.NOTE);
        timeline.setDeleted(manager, a, deleted, true);
        // B: detect 10m, respond 5m, mitigate 90m, resolve 180m, no events
        long b = incident("B", Severity.SEV1, IncidentStatus.POSTMORTEM, "2047-03-20T08:00:00Z", 10, 15, 90, 180,
                second);
        // C: detect 2m, respond 1m, mitigate 30m, resolve 45m; its one dead end is its last event: 0
        long c = incident("C", Severity.SEV3, IncidentStatus.CLOSED, "2047-03-25T12:00:00Z", 2, 3, 30, 45, null);
        event(c, "2047-03-25T12:01:00Z", EventKind.NOTE);
        event(c, "2047-03-25T12:30:00Z", EventKind.DEAD_END);
        // D, ongoing: detect 20m, respond 5m, nothing after; dead end 09:10 until 09:40 (30m)
        long d = incident("D", Severity.SEV2, IncidentStatus.INVESTIGATING, "2047-03-28T09:00:00Z", 20, 25, null,
                null, null);
        event(d, "2047-03-28T09:10:00Z", EventKind.DEAD_END);
        event(d, "2047-03-28T09:40:00Z", EventKind.DECISION);
        // E, excluded: response started (09:20) before impact detected (09:30)
        long e = incident("E", Severity.SEV3, IncidentStatus.CLOSED, "2047-03-15T09:00:00Z", 30, 20, 60, 120, null);
        // F, excluded: closed without a response time
        incident("F", Severity.SEV4, IncidentStatus.CLOSED, "2047-03-05T12:00:00Z", 3, null, 20, 40, null);
        // G: 2047-04-01 02:00 UTC is 2047-03-31 22:00 in New York; detect 4m, respond 2m, mitigate 50m, resolve 100m
        long g = incident("G", Severity.SEV1, IncidentStatus.CLOSED, "2047-04-01T02:00:00Z", 4, 6, 50, 100, null);
        // H: detect 8m, respond 4m, mitigate 40m, resolve 60m
        incident("H", Severity.SEV3, IncidentStatus.CLOSED, "2047-04-15T10:00:00Z", 8, 12, 40, 60, null);
        // X: 2047-03-01 02:00 UTC is still February in New York, so outside the range there; 1m, 1m, 10m, 20m
        incident("X", Severity.SEV4, IncidentStatus.CLOSED, "2047-03-01T02:00:00Z", 1, 2, 10, 20, null);

        // action items: done a few hours after the due date's end in UTC (on time in New York), done in time, overdue,
        // done without a due date, won't do, not yet due, done late everywhere, overdue in April (UTC)
        item(a, ActionStatus.DONE, "2047-03-20", "2047-03-21T02:00:00Z");
        item(a, ActionStatus.DONE, "2047-03-25", "2047-03-22T10:00:00Z");
        item(a, ActionStatus.OPEN, "2020-01-01", null);
        item(b, ActionStatus.DONE, null, "2047-03-30T10:00:00Z");
        item(b, ActionStatus.WONT_DO, null, null);
        item(c, ActionStatus.IN_PROGRESS, "2099-01-01", null);
        item(e, ActionStatus.DONE, "2047-03-16", "2047-04-20T10:00:00Z");
        item(g, ActionStatus.OPEN, "2020-06-01", null);
    }

    /** An incident with its times in minutes after the start (null: unset) and the class's service. */
    private long incident(String name, Severity severity, IncidentStatus status, String start, Integer detect,
            Integer respond, Integer mitigate, Integer resolve, String otherService) {
        Instant started = Instant.parse(start);
        List<String> services = otherService == null ? List.of(service) : List.of(service, otherService);
        String key = incidents.create(manager, new NewIncident("Insights " + name, severity, status, started, null,
                null, null, services, null));
        Map<SummaryTime, Instant> times = new EnumMap<>(SummaryTime.class);
        times.put(SummaryTime.STARTED, started);
        times.put(SummaryTime.DETECTED, after(started, detect));
        times.put(SummaryTime.RESPONDED, after(started, respond));
        times.put(SummaryTime.MITIGATED, after(started, mitigate));
        times.put(SummaryTime.RESOLVED, after(started, resolve));
        incidents.change(manager, key, changes -> changes.times(times));
        keys.put(name, key);
        return incidents.idOf(key);
    }

    private static Instant after(Instant start, Integer minutes) {
        return minutes == null ? null : start.plusSeconds(60L * minutes);
    }

    private long event(long incidentId, String at, EventKind kind) {
        return timeline.post(manager, incidentId, new TimelineService.NewEvent(kind + " at " + at, Instant.parse(at),
                kind, Set.of(), false)).event().id();
    }

    private void item(long incidentId, ActionStatus status, String due, String completed) {
        long id = actions.create(manager, incidentId, new ActionFields("Item " + status, null, ActionType.CORRECTIVE,
                ActionCategory.TASK, null, due == null ? null : LocalDate.parse(due), null, status,
                status == ActionStatus.WONT_DO ? "Not worth it" : null, null, 0), false).id();
        jdbc.update("update action_item set completed_at = ? where id = ?",
                completed == null ? null : Timestamp.from(Instant.parse(completed)), id);
    }

    private MockHttpServletRequestBuilder api(HindsightUser viewer) {
        return get("/api/insights").param("from", "2047-03-01").param("to", "2047-04-30").param("service", service)
                .with(user(viewer));
    }

    private Document page(HindsightUser viewer) throws Exception {
        MockHttpServletRequestBuilder request = get("/insights").param("from", "2047-03-01").param("to", "2047-04-30")
                .param("service", service).with(user(viewer));
        return Jsoup.parse(mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
    }

    // ---- the figures, worked out by hand

    @Test
    void monthsInUtcHoldTheHandComputedMediansAndPercentiles() throws Exception {
        // March in UTC: A B C D E F X (7); averaged A B C D X (E and F excluded; D ongoing)
        //   detect  [60 120 300 600 1200]  median rank ⌈2.5⌉=3 → 300, p90 rank ⌈4.5⌉=5 → 1200
        //   respond [60 60 300 300 300]    median 300, p90 300
        //   mitigate [600 1800 3600 5400] (D has none) median rank 2 → 1800, p90 rank ⌈3.6⌉=4 → 5400
        //   resolve [1200 2700 7200 10800] median 2700, p90 10800
        //   dead ends [0 0 0 1800 2400]    median 0, p90 2400
        //   items: opened A1 A2 A3 B1 B2 C1 E1 = 7, done A1 A2 B1 E1 = 4, by due date in UTC A2 B1 = 2, overdue A3
        // April in UTC: G H; detect [240 480] median rank 1 → 240, p90 rank 2 → 480; mitigate [2400 3000]
        mvc.perform(api(utcViewer)).andExpect(status().isOk())
                .andExpect(jsonPath("$.from").value("2047-03-01")).andExpect(jsonPath("$.to").value("2047-04-30"))
                .andExpect(jsonPath("$.zone").value("UTC")).andExpect(jsonPath("$.groupBy").value("month"))
                .andExpect(jsonPath("$.incidents").value(9))
                .andExpect(jsonPath("$.formulas.timeToDetect").value("impact detected − started"))
                .andExpect(jsonPath("$.formulas.timeToRespond").value("response started − impact detected"))
                .andExpect(jsonPath("$.formulas.timeToMitigate").value("mitigated − started"))
                .andExpect(jsonPath("$.formulas.timeToResolve").value("resolved − started"))
                .andExpect(jsonPath("$.formulas.deadEndSeconds", containsString("next event")))
                .andExpect(jsonPath("$.formulas.p90Seconds", containsString("nearest rank")))
                .andExpect(jsonPath("$.groups.length()").value(2))
                .andExpect(jsonPath("$.groups[0].key").value("2047-03"))
                .andExpect(jsonPath("$.groups[0].incidents").value(7))
                .andExpect(jsonPath("$.groups[0].timeToDetect.medianSeconds").value(300))
                .andExpect(jsonPath("$.groups[0].timeToDetect.p90Seconds").value(1200))
                .andExpect(jsonPath("$.groups[0].timeToDetect.count").value(5))
                .andExpect(jsonPath("$.groups[0].timeToRespond.medianSeconds").value(300))
                .andExpect(jsonPath("$.groups[0].timeToRespond.p90Seconds").value(300))
                .andExpect(jsonPath("$.groups[0].timeToMitigate.medianSeconds").value(1800))
                .andExpect(jsonPath("$.groups[0].timeToMitigate.p90Seconds").value(5400))
                .andExpect(jsonPath("$.groups[0].timeToMitigate.count").value(4))
                .andExpect(jsonPath("$.groups[0].timeToResolve.medianSeconds").value(2700))
                .andExpect(jsonPath("$.groups[0].timeToResolve.p90Seconds").value(10800))
                .andExpect(jsonPath("$.groups[0].deadEndSeconds.medianSeconds").value(0))
                .andExpect(jsonPath("$.groups[0].deadEndSeconds.p90Seconds").value(2400))
                .andExpect(jsonPath("$.groups[0].deadEndSeconds.count").value(5))
                .andExpect(jsonPath("$.groups[0].actionItems.opened").value(7))
                .andExpect(jsonPath("$.groups[0].actionItems.done").value(4))
                .andExpect(jsonPath("$.groups[0].actionItems.doneByDueDate").value(2))
                .andExpect(jsonPath("$.groups[0].actionItems.doneByDueDatePercent").value(50))
                .andExpect(jsonPath("$.groups[0].actionItems.overdue").value(1))
                .andExpect(jsonPath("$.groups[1].key").value("2047-04"))
                .andExpect(jsonPath("$.groups[1].incidents").value(2))
                .andExpect(jsonPath("$.groups[1].timeToDetect.medianSeconds").value(240))
                .andExpect(jsonPath("$.groups[1].timeToDetect.p90Seconds").value(480))
                .andExpect(jsonPath("$.groups[1].timeToMitigate.medianSeconds").value(2400))
                .andExpect(jsonPath("$.groups[1].timeToMitigate.p90Seconds").value(3000))
                .andExpect(jsonPath("$.groups[1].actionItems.opened").value(1))
                .andExpect(jsonPath("$.groups[1].actionItems.overdue").value(1))
                .andExpect(jsonPath("$.groups[1].actionItems.doneByDueDatePercent").doesNotExist())
                // out of order, and missing: listed with the reason, in order of start
                .andExpect(jsonPath("$.excluded.length()").value(2))
                .andExpect(jsonPath("$.excluded[0].key").value(keys.get("F")))
                .andExpect(jsonPath("$.excluded[0].reason").value("no response-started time"))
                .andExpect(jsonPath("$.excluded[1].key").value(keys.get("E")))
                .andExpect(jsonPath("$.excluded[1].reason").value("response started before impact detected"))
                // the class's service in all 9, the second one in A and B (5 items, 3 done)
                .andExpect(jsonPath("$.recurrence.length()").value(2))
                .andExpect(jsonPath("$.recurrence[0].service").value(service))
                .andExpect(jsonPath("$.recurrence[0].incidentCount").value(9))
                .andExpect(jsonPath("$.recurrence[0].incidents[0].key").value(keys.get("H")))
                .andExpect(jsonPath("$.recurrence[0].actionItemsOpened").value(8))
                .andExpect(jsonPath("$.recurrence[0].actionItemsDone").value(4))
                .andExpect(jsonPath("$.recurrence[0].donePercent").value(50))
                .andExpect(jsonPath("$.recurrence[1].service").value(second))
                .andExpect(jsonPath("$.recurrence[1].incidentCount").value(2))
                .andExpect(jsonPath("$.recurrence[1].donePercent").value(60));
    }

    @Test
    void monthsAndRangeFollowTheViewersZone() throws Exception {
        // New York: X (Feb 28, 21:00) falls out of the range, G (Mar 31, 22:00) moves to March
        //   March: A B C D E F G (7); detect [120 240 300 600 1200] → 300 / 1200; mitigate [1800 3000 3600 5400]
        //   → rank 2: 3000 / 5400; items add G1 (overdue); A1, done 22:00 on its due date there, is on time: 3 of 4
        //   April: H alone, detect 480 / 480
        mvc.perform(api(newYorkViewer)).andExpect(status().isOk())
                .andExpect(jsonPath("$.zone").value("America/New_York"))
                .andExpect(jsonPath("$.incidents").value(8))
                .andExpect(jsonPath("$.groups[0].incidents").value(7))
                .andExpect(jsonPath("$.groups[0].timeToDetect.medianSeconds").value(300))
                .andExpect(jsonPath("$.groups[0].timeToDetect.p90Seconds").value(1200))
                .andExpect(jsonPath("$.groups[0].timeToMitigate.medianSeconds").value(3000))
                .andExpect(jsonPath("$.groups[0].timeToMitigate.p90Seconds").value(5400))
                .andExpect(jsonPath("$.groups[0].actionItems.opened").value(8))
                .andExpect(jsonPath("$.groups[0].actionItems.doneByDueDate").value(3))
                .andExpect(jsonPath("$.groups[0].actionItems.doneByDueDatePercent").value(75))
                .andExpect(jsonPath("$.groups[0].actionItems.overdue").value(2))
                .andExpect(jsonPath("$.groups[1].incidents").value(1))
                .andExpect(jsonPath("$.groups[1].timeToDetect.medianSeconds").value(480))
                .andExpect(jsonPath("$.groups[1].timeToDetect.p90Seconds").value(480))
                .andExpect(jsonPath("$.groups[1].actionItems.opened").value(0));
    }

    @Test
    void groupsBySeverityAndByService() throws Exception {
        // SEV2: A and D: detect [300 1200] → rank 1: 300, rank 2: 1200; mitigate: A only, 3600
        mvc.perform(api(utcViewer).param("groupBy", "severity")).andExpect(status().isOk())
                .andExpect(jsonPath("$.groupBy").value("severity"))
                .andExpect(jsonPath("$.groups[*].key").value(org.hamcrest.Matchers.contains("SEV1", "SEV2", "SEV3",
                        "SEV4")))
                .andExpect(jsonPath("$.groups[1].incidents").value(2))
                .andExpect(jsonPath("$.groups[1].timeToDetect.medianSeconds").value(300))
                .andExpect(jsonPath("$.groups[1].timeToDetect.p90Seconds").value(1200))
                .andExpect(jsonPath("$.groups[1].timeToMitigate.medianSeconds").value(3600))
                .andExpect(jsonPath("$.groups[1].timeToMitigate.count").value(1))
                .andExpect(jsonPath("$.groups[1].deadEndSeconds.medianSeconds").value(1800))
                .andExpect(jsonPath("$.groups[1].deadEndSeconds.p90Seconds").value(2400));
        // by service: the class's service (all 9, as the month figures together) and the second one (A, B)
        mvc.perform(api(utcViewer).param("groupBy", "SERVICE")).andExpect(status().isOk())
                .andExpect(jsonPath("$.groups.length()").value(2))
                .andExpect(jsonPath("$.groups[?(@.key == '" + second + "')].incidents").value(2))
                .andExpect(jsonPath("$.groups[?(@.key == '" + second + "')].timeToDetect.medianSeconds").value(300))
                .andExpect(jsonPath("$.groups[?(@.key == '" + second + "')].timeToDetect.p90Seconds").value(600))
                .andExpect(jsonPath("$.groups[?(@.key == '" + service + "')].incidents").value(9));
    }

    @Test
    void theCsvHoldsTheSameFigures() throws Exception {
        String csv = mvc.perform(get("/insights.csv").param("from", "2047-03-01").param("to", "2047-04-30")
                .param("service", service).with(user(utcViewer))).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv")).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0))
                .startsWith("Group,Incidents,\"Time to detect, median (s)\",\"Time to detect, p90 (s)\"");
        // group, incidents, then median, p90, count of detect, respond, mitigate, resolve, dead ends, then the items
        assertThat(lines.get(1))
                .isEqualTo("2047-03,7,300,1200,5,300,300,5,1800,5400,4,2700,10800,4,0,2400,5,7,4,2,50,1");
        assertThat(lines.get(2)).isEqualTo("2047-04,2,240,480,2,120,240,2,2400,3000,2,3600,6000,2,0,0,2,1,0,0,,1");
    }

    // ---- the page

    @Test
    void thePageShowsTheFiguresTheirFormulasAndTheExcludedIncidents() throws Exception {
        Document page = page(utcViewer);
        Element march = page.selectFirst("#figures-table tr[data-group=2047-03]");
        assertThat(march.selectFirst("td.incidents").text()).isEqualTo("7");
        assertThat(march.selectFirst("td.detect").attr("data-median")).isEqualTo("300");
        assertThat(march.selectFirst("td.detect").attr("data-p90")).isEqualTo("1200");
        assertThat(march.selectFirst("td.detect .median").text()).isEqualTo("5m");
        assertThat(march.selectFirst("td.detect .p90").text()).isEqualTo("20m");
        assertThat(march.selectFirst("td.dead-ends").attr("data-p90")).isEqualTo("2400");
        assertThat(march.selectFirst("td.by-due-date").text()).isEqualTo("2 (50 %)");
        assertThat(page.select("#formulas li").eachText()).anyMatch(t -> t.contains("impact detected − started"))
                .anyMatch(t -> t.contains("response started − impact detected"))
                .anyMatch(t -> t.contains("mitigated − started")).anyMatch(t -> t.contains("resolved − started"))
                .anyMatch(t -> t.contains("dead-end event") && t.contains("next event"))
                .anyMatch(t -> t.contains("nearest rank"));
        assertThat(page.select("#formulas").text()).as("apostrophes as written").doesNotContain("''");
        assertThat(page.select("#excluded li").eachAttr("data-key")).containsExactly(keys.get("F"), keys.get("E"));
        Element e = page.selectFirst("#excluded li[data-key=" + keys.get("E") + "]");
        assertThat(e.selectFirst("a").attr("href")).isEqualTo("/incidents/" + keys.get("E"));
        assertThat(e.selectFirst(".reason").attr("data-reason")).isEqualTo("RESPONDED_BEFORE_DETECTED");
        assertThat(e.selectFirst(".reason").text()).isEqualTo("response started before impact detected");
        assertThat(page.select("#recurrence-table tr[data-service=" + second + "] td.done").text())
                .isEqualTo("60 % (3 of 5)");
        assertThat(page.select("nav a[aria-current=page]").text()).isEqualTo("Insights");
        assertThat(page.select("svg [style]")).as("no inline styles (CSP)").isEmpty();
    }

    @Test
    void eachChartAgreesWithItsTable() throws Exception {
        Document page = page(newYorkViewer);
        // time to detect and to mitigate: every point is a row's figure, at its height on the axis
        Element times = page.selectFirst("#times-chart");
        List<Element> ticks = times.select("svg g.grid text");
        long unit = switch (times.selectFirst("svg").attr("data-unit")) {
            case "minutes" -> 60;
            case "hours" -> 3600;
            default -> 86400;
        };
        long top = Long.parseLong(ticks.get(ticks.size() - 1).text()) * unit;
        int points = 0;
        for (Element circle : times.select("svg circle")) {
            String line = circle.parent().attr("data-line");
            Element cell = times.selectFirst("#times-table tr[data-month=" + circle.attr("data-month") + "] td."
                    + line);
            assertThat(circle.attr("data-seconds")).as(line).isEqualTo(cell.attr("data-seconds"));
            long seconds = Long.parseLong(circle.attr("data-seconds"));
            assertThat(Integer.parseInt(circle.attr("cy"))).isEqualTo(InsightsCharts.y(seconds, top));
            points++;
        }
        assertThat(points).isEqualTo(8); // 2 months × 4 lines
        assertThat(times.select("#times-table tr[data-month=2047-03] td.detect-median").attr("data-seconds"))
                .isEqualTo("300");
        assertThat(times.select("#times-table tr[data-month=2047-03] td.mitigate-median").attr("data-seconds"))
                .isEqualTo("3000");

        // incidents by severity: each segment is a cell of the table, stacked from the bottom
        Element severities = page.selectFirst("#severity-chart");
        List<Element> severityTicks = severities.select("svg g.grid text");
        long most = Long.parseLong(severityTicks.get(severityTicks.size() - 1).text());
        for (Element stack : severities.select("svg g.stack")) {
            Element row = severities.selectFirst("#severity-table tr[data-month=" + stack.attr("data-month") + "]");
            assertThat(stack.attr("data-total")).isEqualTo(row.selectFirst("td.total").text());
            long below = 0;
            for (Severity s : Severity.values()) {
                long count = Long.parseLong(row.selectFirst("td[data-severity=" + s + "]").text());
                Element rect = stack.selectFirst("rect[data-severity=" + s + "]");
                if (count == 0) {
                    assertThat(rect).isNull();
                    continue;
                }
                assertThat(rect.attr("data-count")).isEqualTo(Long.toString(count));
                assertThat(Integer.parseInt(rect.attr("y"))).isEqualTo(InsightsCharts.y(below + count, most));
                assertThat(Integer.parseInt(rect.attr("height")))
                        .isEqualTo(InsightsCharts.y(below, most) - InsightsCharts.y(below + count, most));
                below += count;
            }
        }
        assertThat(severities.select("#severity-table tr[data-month=2047-03] td").eachText())
                .containsExactly("2", "2", "2", "1", "7"); // B G; A D; C E; F
        // the share done: the bar's height is the table's percentage
        Element completion = page.selectFirst("#completion-chart");
        for (Element bar : completion.select("svg g.bar")) {
            Element rate = completion.selectFirst("#completion-table tr[data-month=" + bar.attr("data-month")
                    + "] td.rate");
            assertThat(bar.attr("data-percent")).isEqualTo(rate.attr("data-percent"));
            Element rect = bar.selectFirst("rect");
            if (bar.attr("data-percent").isEmpty()) {
                assertThat(rect).isNull();
            } else {
                assertThat(Integer.parseInt(rect.attr("height"))).isEqualTo(
                        InsightsCharts.PLOT_HEIGHT - (InsightsCharts.y(Long.parseLong(bar.attr("data-percent")), 100)
                                - InsightsCharts.TOP));
            }
        }
        assertThat(completion.select("#completion-table tr[data-month=2047-03] td.rate").text()).isEqualTo("50 %");
        assertThat(completion.select("#completion-table tr[data-month=2047-04] td.rate").text()).isEqualTo("—");
    }

    @Test
    void badFiltersAreNamedOnThePageAndRefusedByTheApiAndTheCsv() throws Exception {
        Document page = Jsoup.parse(mvc.perform(get("/insights").param("to", "2047-13-40").param("groupBy", "week")
                .param("severity", "SEV9").with(user(utcViewer))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
        assertThat(page.select("#filter-problems p").eachAttr("data-field"))
                .containsExactlyInAnyOrder("to", "groupBy", "severity");
        // the other filters still apply, the bad ones at their defaults
        assertThat(page.select("#f-group option[selected]").val()).isEqualTo("month");
        assertThat(page.select("#filter-problems").text()).contains("\"2047-13-40\"").contains("\"week\"");
        mvc.perform(get("/api/insights").param("from", "2047-02-30").param("groupBy", "week").with(user(utcViewer)))
                .andExpect(status().isBadRequest()).andExpect(problemNaming("from"))
                .andExpect(problemNaming("groupBy"));
        mvc.perform(get("/api/insights").param("from", "2047-05-01").param("to", "2047-04-01").with(user(utcViewer)))
                .andExpect(status().isBadRequest()).andExpect(problemNaming("to"));
        mvc.perform(get("/insights.csv").param("severity", "worst").with(user(utcViewer)))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("severity: ")));
    }

    // ---- per incident

    @Test
    void theIncidentPageEveryPostmortemAndThePdfShowTheDurationsAndTheTimeLostToDeadEnds() throws Exception {
        Document incident = Jsoup.parse(mvc.perform(get("/incidents/" + keys.get("A")).with(user(utcViewer)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(incident.selectFirst("#duration-detect").text()).isEqualTo("5m");
        assertThat(incident.selectFirst("#duration-respond").text()).isEqualTo("5m");
        assertThat(incident.selectFirst("#duration-mitigate").text()).isEqualTo("1h 0m");
        assertThat(incident.selectFirst("#duration-resolve").text()).isEqualTo("2h 0m");
        assertThat(incident.selectFirst("#duration-dead-ends").text()).isEqualTo("40m");
        for (String template : List.of("reference", "sre", "compact")) {
            String markdown = mvc.perform(get("/incidents/" + keys.get("A") + "/postmortem.md")
                    .param("template", template).with(user(utcViewer))).andExpect(status().isOk()).andReturn()
                    .getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(markdown).as(template).contains("- **Time to detect:** 5 min\n",
                    "- **Time to respond:** 5 min\n",
                    "- **Time to mitigate:** 1 h\n", "- **Time to resolve:** 2 h\n",
                    "- **Time lost to dead ends:** 40 min\n");
        }
        byte[] pdf = mvc.perform(get("/incidents/" + keys.get("A") + "/postmortem.pdf").with(user(utcViewer)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(document);
            assertThat(text.replaceAll("[\\s\\u00A0]+", " ")).contains("Time to detect: 5 min",
                    "Time to respond: 5 min", "Time to mitigate: 1 h", "Time to resolve: 2 h",
                    "Time lost to dead ends: 40 min");
        }
        String ongoing = mvc.perform(get("/incidents/" + keys.get("D") + "/postmortem.md").with(user(utcViewer)))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(ongoing).contains("- **Time to mitigate:** _Not recorded._\n",
                "- **Time lost to dead ends:** 30 min\n");
    }

    @Test
    void theTimeLostToDeadEndsFollowsItsDefinitionAndEveryChange() {
        long id = incidents.idOf(incidents.create(manager, new NewIncident("Dead ends", Severity.SEV3,
                IncidentStatus.INVESTIGATING, Instant.parse("2047-06-01T10:00:00Z"), null, null, null, List.of(),
                null)));
        event(id, "2047-06-01T12:00:00Z", EventKind.DEAD_END); // followed at the same time by a later id: 0
        event(id, "2047-06-01T12:00:00Z", EventKind.NOTE);
        event(id, "2047-06-01T12:10:00Z", EventKind.DEAD_END); // a run of two at one time, until 12:30: 0 + 20m
        event(id, "2047-06-01T12:10:00Z", EventKind.DEAD_END);
        long last = event(id, "2047-06-01T12:30:00Z", EventKind.NOTE);
        event(id, "2047-06-01T11:00:00Z", EventKind.DEAD_END); // logged late, until 12:00: 1h
        assertThat(deadEnds.seconds(id, incidents.revision(id))).isEqualTo(1200 + 3600);
        // deleting the event that ended the run leaves its dead ends the last events: they count nothing yet
        timeline.setDeleted(manager, id, last, true);
        assertThat(deadEnds.seconds(id, incidents.revision(id))).isEqualTo(3600);
        timeline.setDeleted(manager, id, last, false);
        assertThat(deadEnds.seconds(id, incidents.revision(id))).isEqualTo(4800);
        // many incidents at once, one of them without events
        long empty = incidents.idOf(incidents.create(manager, new NewIncident("No events", Severity.SEV3,
                IncidentStatus.INVESTIGATING, Instant.parse("2047-06-02T10:00:00Z"), null, null, null, List.of(),
                null)));
        assertThat(deadEnds.seconds(Map.of(id, incidents.revision(id), empty, incidents.revision(empty))))
                .isEqualTo(Map.of(id, 4800L, empty, 0L));
    }

    // ---- statements

    @Test
    void aViewRunsTheSameStatementsForOneIncidentAndForMany() throws Exception {
        String few = TestUsers.unique("insights-few").toLowerCase();
        String many = TestUsers.unique("insights-many").toLowerCase();
        incidentsOf(few, 1);
        incidentsOf(many, 30);
        for (String path : List.of("/insights", "/api/insights", "/insights.csv")) {
            long forFew = statementsFor(get(path).param("from", "2046-01-01").param("to", "2046-12-31")
                    .param("service", few).with(user(utcViewer)));
            long forMany = statementsFor(get(path).param("from", "2046-01-01").param("to", "2046-12-31")
                    .param("service", many).with(user(utcViewer)));
            assertThat(forMany).as(path + ": statements for 30 incidents vs 1").isEqualTo(forFew);
            assertThat(forFew).as(path).isLessThan(12);
        }
    }

    /** Incidents of a service in 2046, each with events (a dead end among them) and action items. */
    private void incidentsOf(String serviceName, int count) {
        List<String> made = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            Instant start = Instant.parse("2046-01-05T10:00:00Z").plusSeconds(86_400L * 11 * n);
            String key = incidents.create(manager, new NewIncident("Count " + n, Severity.values()[n % 4],
                    IncidentStatus.INVESTIGATING, start, start.plusSeconds(300), null, null, List.of(serviceName),
                    null));
            long id = incidents.idOf(key);
            event(id, start.plusSeconds(600).toString(), EventKind.DEAD_END);
            event(id, start.plusSeconds(900).toString(), EventKind.NOTE);
            item(id, ActionStatus.DONE, "2046-12-01", start.plusSeconds(86_400).toString());
            item(id, ActionStatus.OPEN, "2020-01-01", null);
            made.add(key);
        }
        assertThat(made).hasSize(count);
    }

    private long statementsFor(MockHttpServletRequestBuilder request) throws Exception {
        Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        sharedChanges.poll();
        // the first view computes the dead-end times it does not have yet (one statement for any number of incidents)
        // and fills what every page keeps a while: count the second, as every later view runs
        mvc.perform(request).andExpect(status().isOk());
        statistics.clear();
        mvc.perform(request).andExpect(status().isOk());
        return statistics.getPrepareStatementCount();
    }
}
