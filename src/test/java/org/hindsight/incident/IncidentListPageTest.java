package org.hindsight.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import jakarta.persistence.EntityManager;

import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.system.SharedChanges;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The incident list as a responder reads it: what is burning first, who leads it, how long it has run. */
@DatabaseTest
class IncidentListPageTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    SharedChanges shared;

    @Autowired
    Clock clock;

    private String declare(HindsightUser by, String title, Instant startedAt, String commander) {
        return incidents.create(by, new NewIncident(title, Severity.SEV2, null, startedAt, null, null, null, List.of(),
                commander));
    }

    private Document page(HindsightUser viewer, String path) throws Exception {
        return Jsoup.parse(mvc.perform(get(path).with(user(viewer))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());
    }

    private static List<String> keys(Document page, String table) {
        return page.select("#" + table + " tbody tr td.key-cell").eachText();
    }

    @Test
    void activeIncidentsComeFirstUnderTheirOwnHeadingEvenWhenOlder() throws Exception {
        HindsightUser manager = users.create("grouper", Role.MANAGER);
        String marker = TestUsers.unique("grouping");
        String oldActive = declare(manager, marker + " old but burning", Instant.parse("2024-01-01T09:00:00Z"), null);
        String newResolved = declare(manager, marker + " new and fixed", Instant.parse("2024-06-01T09:00:00Z"), null);
        String monitoring = declare(manager, marker + " watching", Instant.parse("2024-03-01T09:00:00Z"), null);
        String closed = declare(manager, marker + " long closed", Instant.parse("2024-05-01T09:00:00Z"), null);
        incidents.changeStatus(manager, newResolved, IncidentStatus.RESOLVED);
        incidents.changeStatus(manager, monitoring, IncidentStatus.MONITORING);
        incidents.changeStatus(manager, closed, IncidentStatus.CLOSED);

        Document page = page(manager, "/incidents?q=" + marker);
        assertThat(keys(page, "incidents-active")).containsExactly(monitoring, oldActive);
        assertThat(keys(page, "incidents-past")).containsExactly(newResolved, closed);
        Element activeHeading = page.getElementById("incidents-active-heading");
        assertThat(activeHeading.text()).isEqualTo("Active");
        assertThat(page.getElementById("incidents-past-heading").text()).isEqualTo("Resolved, in postmortem or closed");
        assertThat(page.select("#incidents-active, #incidents-past").eachAttr("id"))
                .as("the active table comes first on the page").containsExactly("incidents-active", "incidents-past");
    }

    /**
     * The list's "active first" comes from a column the database computes from the status (V27, for its index): for
     * every status it must say what {@link IncidentStatus#isActive()} says, or an active incident would sort among the
     * past ones and leave the first page.
     */
    @Test
    void theDatabasesListGroupAgreesWithEveryStatus() {
        HindsightUser manager = users.create("statuses", Role.MANAGER);
        String marker = TestUsers.unique("everystatus");
        for (IncidentStatus status : IncidentStatus.values()) {
            incidents.create(manager, new NewIncident(marker + " " + status.name(), Severity.SEV3, status,
                    Instant.parse("2024-02-01T09:00:00Z"), null, null, null, List.of(), null));
        }
        var groups = jdbc.queryForList("select status, list_group from incident where title like ?",
                marker + " %");
        assertThat(groups).hasSize(IncidentStatus.values().length);
        for (var row : groups) {
            IncidentStatus status = IncidentStatus.valueOf((String) row.get("status"));
            assertThat(((Number) row.get("list_group")).intValue()).as(status.name())
                    .isEqualTo(status.isActive() ? 0 : 1);
        }
    }

    @Test
    void anOldActiveIncidentIsOnTheFirstPageAheadOfNewerResolvedOnes() throws Exception {
        HindsightUser manager = users.create("pager-active", Role.MANAGER);
        String marker = TestUsers.unique("activefirst");
        String burning = declare(manager, marker + " still burning", Instant.parse("2023-01-01T00:00:00Z"), null);
        for (int i = 0; i < 26; i++) {
            String key = declare(manager, marker + " fixed #" + i,
                    Instant.parse("2030-01-01T00:00:00Z").plusSeconds(60L * i), null);
            incidents.changeStatus(manager, key, IncidentStatus.RESOLVED);
        }
        Document first = page(manager, "/incidents?q=" + marker);
        assertThat(keys(first, "incidents-active")).containsExactly(burning);
        assertThat(keys(first, "incidents-past")).hasSize(24);
        assertThat(first.select("#incidents-past tbody tr td.title").first().text()).isEqualTo(marker + " fixed #25");
        Document second = page(manager, "/incidents?q=" + marker + "&page=1");
        assertThat(second.select("#incidents-active")).isEmpty();
        assertThat(second.select("#incidents-past tbody tr td.title").eachText())
                .containsExactly(marker + " fixed #1", marker + " fixed #0");
    }

    @Test
    void eachRowNamesItsCommander() throws Exception {
        HindsightUser manager = users.create("assigner", Role.MANAGER);
        HindsightUser lead = users.create("the-lead", Role.RESPONDER);
        String marker = TestUsers.unique("commanded");
        String led = declare(manager, marker + " led", Instant.parse("2024-02-01T09:00:00Z"), lead.getUsername());
        Document page = page(manager, "/incidents?q=" + marker);
        assertThat(page.select("#incidents-active thead th").eachText()).contains("Commander");
        Element row = page.select("#incidents-active tbody tr").first();
        assertThat(row.select("td.key-cell").text()).isEqualTo(led);
        assertThat(row.select("td.commander").text()).isEqualTo(lead.getDisplayName());
    }

    @Test
    void anOngoingDurationReadsWithASpaceBeforeOngoingAndKeysDoNotWrap() throws Exception {
        HindsightUser manager = users.create("timer", Role.MANAGER);
        String marker = TestUsers.unique("ongoing");
        declare(manager, marker + " running", Instant.now().minusSeconds(69 * 60 + 20), null);
        Element row = page(manager, "/incidents?q=" + marker).select("#incidents-active tbody tr").first();
        assertThat(row.select("td.duration").text()).matches("1h (9|10)m \\(ongoing\\)");
        assertThat(row.select("td.key-cell").hasClass("nowrap")).as("INC-12 stays on one line").isTrue();
    }

    @Autowired
    IncidentList list;

    @Autowired
    IncidentRepository repository;

    @Autowired
    OpenActionCounter openActions;

    @Autowired
    IncidentTextFilter text;

    @Autowired
    EntityManager entityManager;

    @Autowired
    PlatformTransactionManager transactions;

    /**
     * Filtered by a service, the list shows that service's incidents in the list's order with their count, whether the
     * page is read from the few matches (sorted) or by walking the list's order (many matches), on every page.
     */
    @Test
    void aServiceFilterListsItsIncidentsInTheListsOrderWhicheverWayThePageIsRead() throws Exception {
        HindsightUser manager = users.create("service-filter", Role.MANAGER);
        String rare = TestUsers.unique("ledger-db").toLowerCase(Locale.ROOT);
        String other = TestUsers.unique("edge").toLowerCase(Locale.ROOT);
        String oldActive = declareOn(manager, "old but burning", "2024-01-01T09:00:00Z", rare);
        String newResolved = declareOn(manager, "new and fixed", "2024-06-01T09:00:00Z", rare, other);
        String active = declareOn(manager, "watching", "2024-03-01T09:00:00Z", rare);
        String closed = declareOn(manager, "long closed", "2024-05-01T09:00:00Z", rare);
        declareOn(manager, "another service", "2024-04-01T09:00:00Z", other);
        incidents.changeStatus(manager, newResolved, IncidentStatus.RESOLVED);
        incidents.changeStatus(manager, closed, IncidentStatus.CLOSED);

        Document page = page(manager, "/incidents?service=" + rare);
        assertThat(keys(page, "incidents-active")).containsExactly(active, oldActive);
        assertThat(keys(page, "incidents-past")).containsExactly(newResolved, closed);
        assertThat(page(manager, "/incidents?service=no-such-service").select("tbody tr")).isEmpty();

        IncidentList walking = new IncidentList(repository, openActions, text, entityManager, shared, clock, 0);
        IncidentFilter filter = new IncidentFilter(null, null, rare, null, null);
        for (int number = 0; number < 3; number++) {
            int at = number;
            var sorted = read(() -> list.page(filter, at, 2));
            var walked = read(() -> walking.page(filter, at, 2));
            assertThat(sorted.getContent()).extracting(IncidentList.ListedIncident::key).as("page %d", at)
                    .isEqualTo(walked.getContent().stream().map(IncidentList.ListedIncident::key).toList());
            assertThat(sorted.getTotalElements()).isEqualTo(4).isEqualTo(walked.getTotalElements());
        }
        assertThat(read(() -> list.page(filter, 0, 2)).getContent()).extracting(IncidentList.ListedIncident::key)
                .containsExactly(active, oldActive);
        assertThat(read(() -> list.page(filter, 1, 2)).getContent()).extracting(IncidentList.ListedIncident::key)
                .containsExactly(newResolved, closed);
    }

    private String declareOn(HindsightUser by, String title, String startedAt, String... services) {
        return incidents.create(by, new NewIncident(title, Severity.SEV2, null, Instant.parse(startedAt), null, null,
                null, List.of(services), null));
    }

    private <T> T read(Supplier<T> reading) {
        return new TransactionTemplate(transactions).execute(status -> reading.get());
    }
}
