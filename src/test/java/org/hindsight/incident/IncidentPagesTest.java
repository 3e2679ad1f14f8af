package org.hindsight.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.timeline.EventKind;
import org.hindsight.timeline.TimelineService;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Declaring, listing, showing and editing incidents through the pages. */
@DatabaseTest
class IncidentPagesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    private String declare(HindsightUser by, String title, Severity severity, String... services) {
        return incidents.create(by, new NewIncident(title, severity, null, Instant.parse("2024-05-12T09:00:00Z"),
                null, "Impact of " + title, null, List.of(services), null));
    }

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    @Test
    void aResponderDeclaresAnIncidentAndLandsOnItsPage() throws Exception {
        HindsightUser responder = users.create("declarer", ZoneId.of("Europe/Berlin"), Role.RESPONDER);
        String location = mvc.perform(post("/incidents").with(user(responder)).with(csrf())
                        .param("title", "Checkout is failing").param("severity", "SEV1")
                        .param("startedAt", "2024-05-12T11:00").param("impact", "Payments **fail**")
                        .param("services", "Checkout, payments-api").param("usersAffectedPercent", "12.5"))
                .andExpect(status().isFound()).andReturn().getResponse().getRedirectedUrl();
        assertThat(location).matches("/incidents/INC-\\d+");
        String key = location.substring("/incidents/".length());

        var created = incidents.details(key);
        assertThat(created.startedAt()).as("typed in the declarer's zone").isEqualTo(Instant.parse("2024-05-12T09:00:00Z"));
        assertThat(created.services()).containsExactly("checkout", "payments-api");
        assertThat(created.commander().username()).isEqualTo(responder.getUsername());
        assertThat(created.status()).isEqualTo(IncidentStatus.INVESTIGATING);

        String html = page(get(location).with(user(responder)));
        assertThat(html).contains(key).contains("Checkout is failing").contains("<strong>fail</strong>")
                .contains("2024-05-12 11:00 CEST").contains("12.5 %").contains("id=\"timeline-entry\"");
    }

    @Test
    void invalidDeclarationsReRenderWithMessagesAndKeepTheText() throws Exception {
        HindsightUser responder = users.create("typo", Role.RESPONDER);
        String html = page(post("/incidents").with(user(responder)).with(csrf())
                .param("title", "").param("severity", "SEV2").param("impact", "Kept impact text")
                .param("usersAffectedPercent", "140").param("services", "kept-service"));
        assertThat(html).contains("Kept impact text").contains("value=\"140\"").contains("value=\"kept-service\"")
                .contains("At most 100.").containsPattern("title-error\">Required");

        // a value the field cannot take at all (no such severity) is a 400, with the form again
        String badSeverity = mvc.perform(post("/incidents").with(user(responder)).with(csrf())
                .param("title", "Kept title").param("severity", "SEV9")).andExpect(status().isBadRequest())
                .andReturn().getResponse().getContentAsString();
        assertThat(badSeverity).contains("Not a valid value.").contains("value=\"Kept title\"");
    }

    @Test
    void anUnknownCommanderIsAFieldError() throws Exception {
        HindsightUser responder = users.create("cmd", Role.RESPONDER);
        String html = page(post("/incidents").with(user(responder)).with(csrf()).param("title", "Something")
                .param("severity", "SEV3").param("commander", "no-such-person"));
        assertThat(html).contains("No active user has this username.").contains("value=\"Something\"");
    }

    @Test
    void aViewerCannotDeclare() throws Exception {
        HindsightUser viewer = users.create("watcher", Role.VIEWER);
        mvc.perform(get("/incidents/new").with(user(viewer))).andExpect(status().isForbidden());
        mvc.perform(post("/incidents").with(user(viewer)).with(csrf()).param("title", "x").param("severity", "SEV1"))
                .andExpect(status().isForbidden());
    }

    @Test
    void theListFiltersByStatusSeverityServiceAndText() throws Exception {
        HindsightUser manager = users.create("lister", Role.MANAGER);
        String marker = TestUsers.unique("zebra");
        String a = declare(manager, marker + " database failover", Severity.SEV1, marker + "-db");
        String b = declare(manager, marker + " slow search", Severity.SEV3, marker + "-search");
        incidents.changeStatus(manager, b, IncidentStatus.RESOLVED);

        String all = page(get("/incidents").param("q", marker).with(user(manager)));
        assertThat(all).contains(a).contains(b);
        assertThat(page(get("/incidents").param("q", marker).param("severity", "SEV1").with(user(manager))))
                .contains(a).doesNotContain(">" + b + "<");
        assertThat(page(get("/incidents").param("q", marker).param("status", "RESOLVED").with(user(manager))))
                .contains(b).doesNotContain(">" + a + "<");
        assertThat(page(get("/incidents").param("service", marker + "-db").with(user(manager))))
                .contains(a).doesNotContain(">" + b + "<");
        assertThat(page(get("/incidents").param("q", "impact of " + marker + " slow").with(user(manager))))
                .as("free text also searches the impact").contains(b).doesNotContain(">" + a + "<");
        // q is the search: words, not parts of words; punctuation is no wildcard
        assertThat(page(get("/incidents").param("q", marker + " databases").with(user(manager))))
                .as("a word in the plural finds it in the singular").contains(a).doesNotContain(">" + b + "<");
        assertThat(page(get("/incidents").param("q", marker + " datab").with(user(manager))))
                .as("part of a word finds nothing").doesNotContain(">" + a + "<");
        assertThat(page(get("/incidents").param("q", marker + "%").with(user(manager))))
                .as("% separates words").contains(a).contains(b);
    }

    @Test
    void theListIsNewestFirstAndPaginates() throws Exception {
        HindsightUser manager = users.create("pager", Role.MANAGER);
        String marker = TestUsers.unique("pagetest");
        for (int i = 0; i < 27; i++) {
            incidents.create(manager, new NewIncident(marker + " #" + i, Severity.SEV4, null,
                    Instant.parse("2030-01-01T00:00:00Z").plusSeconds(60L * i), null, null, null, List.of(), null));
        }
        String first = page(get("/incidents").param("q", marker).with(user(manager)));
        assertThat(first).contains(marker + " #26").doesNotContain(marker + " #1<").contains("Page 1 of 2 (27 in all)");
        assertThat(first.indexOf(marker + " #26")).isLessThan(first.indexOf(marker + " #25"));
        assertThat(first).contains("href=\"/incidents?q=" + marker + "&amp;page=1\"");
        String second = page(get("/incidents").param("q", marker).param("page", "1").with(user(manager)));
        assertThat(second).contains(marker + " #0<").contains(marker + " #1<").doesNotContain(marker + " #26");
    }

    @Test
    void aMissingOrMalformedKeyIsTheNotFoundPage() throws Exception {
        HindsightUser viewer = users.create("lost-incident", Role.VIEWER);
        mvc.perform(get("/incidents/INC-987654321").with(user(viewer))).andExpect(status().isNotFound());
        mvc.perform(get("/incidents/nonsense").with(user(viewer))).andExpect(status().isNotFound());
        mvc.perform(get("/incidents/INC-99999999999999999999").with(user(viewer))).andExpect(status().isNotFound());
    }

    @Test
    void editingKeepsTimesInOrder() throws Exception {
        HindsightUser manager = users.create("orderly", Role.MANAGER);
        String key = declare(manager, "Order check", Severity.SEV2);
        long version = incidents.details(key).version();
        String html = page(post("/incidents/" + key).with(user(manager)).with(csrf())
                .param("title", "Order check").param("severity", "SEV2").param("status", "INVESTIGATING")
                .param("startedAt", "2024-05-12T09:00").param("detectedAt", "2024-05-12T08:00")
                .param("rootCause", "Kept root cause").param("version", Long.toString(version)));
        assertThat(html).contains("This time is before the incident started.").contains("Kept root cause");
        assertThat(incidents.details(key).detectedAt()).isNull();

        String resolvedFirst = page(post("/incidents/" + key).with(user(manager)).with(csrf())
                .param("title", "Order check").param("severity", "SEV2").param("status", "INVESTIGATING")
                .param("startedAt", "2024-05-12T09:00").param("mitigatedAt", "2024-05-12T11:00")
                .param("resolvedAt", "2024-05-12T10:00").param("version", Long.toString(version)));
        assertThat(resolvedFirst).contains("Resolution cannot come before mitigation.");
    }

    @Test
    void editingUpdatesTheSummaryAndTheDurations() throws Exception {
        HindsightUser manager = users.create("editor", Role.MANAGER);
        String key = declare(manager, "Durations", Severity.SEV2);
        long version = incidents.details(key).version();
        mvc.perform(post("/incidents/" + key).with(user(manager)).with(csrf())
                        .param("title", "Durations").param("severity", "SEV2").param("status", "MONITORING")
                        .param("startedAt", "2024-05-12T09:00").param("detectedAt", "2024-05-12T09:05")
                        .param("mitigatedAt", "2024-05-12T10:30").param("resolvedAt", "2024-05-12T11:30")
                        .param("rootCause", "A *bad* route").param("version", Long.toString(version)))
                .andExpect(status().isFound());
        var saved = incidents.details(key);
        assertThat(saved.durations().toDetectSeconds()).isEqualTo(300);
        assertThat(saved.durations().toMitigateSeconds()).isEqualTo(5400);
        assertThat(saved.durations().toResolveSeconds()).isEqualTo(9000);
        String html = page(get("/incidents/" + key).with(user(manager)));
        assertThat(html).contains("<em>bad</em>").containsPattern("duration-mitigate\">1h 30m")
                .contains("Status changed: <strong>Investigating</strong> → <strong>Monitoring</strong>");
    }

    @Test
    void twoEditorsSavingTheSameIncidentSeeAConflictWithBothVersions() throws Exception {
        HindsightUser first = users.create("first-editor", Role.MANAGER);
        HindsightUser second = users.create("second-editor", Role.MANAGER);
        String key = declare(first, "Contested", Severity.SEV2);
        long loaded = incidents.details(key).version();

        mvc.perform(post("/incidents/" + key).with(user(first)).with(csrf()).param("title", "Contested")
                        .param("severity", "SEV2").param("status", "INVESTIGATING").param("startedAt", "2024-05-12T09:00")
                        .param("rootCause", "First's analysis").param("version", Long.toString(loaded)))
                .andExpect(status().isFound());
        String conflict = page(post("/incidents/" + key).with(user(second)).with(csrf()).param("title", "Contested")
                .param("severity", "SEV2").param("status", "INVESTIGATING").param("startedAt", "2024-05-12T09:00")
                .param("rootCause", "Second's analysis").param("version", Long.toString(loaded)));

        assertThat(conflict).contains("Someone else saved this record").contains("First&#39;s analysis")
                .contains("Second&#39;s analysis");
        assertThat(incidents.details(key).rootCause()).isEqualTo("First's analysis");
    }

    @Test
    void statusMovesAreRecordedOnTheTimelineWithWhoAndWhen() throws Exception {
        HindsightUser manager = users.create("mover", Role.MANAGER);
        String key = declare(manager, "Status moves", Severity.SEV3);
        mvc.perform(post("/incidents/" + key + "/status").with(user(manager)).with(csrf()).param("status", "IDENTIFIED"))
                .andExpect(status().isFound());
        var rows = timeline.timeline(manager, incidents.idOf(key)).rows();
        assertThat(rows).anySatisfy(row -> {
            assertThat(row.text()).isEqualTo("Status changed: **Investigating** → **Identified**");
            assertThat(row.authorUsername()).isEqualTo(manager.getUsername());
            assertThat(row.kind()).isEqualTo(EventKind.NOTE);
            assertThat(row.at().getNano()).as("whole seconds, like every event").isZero();
        });
        assertThat(incidents.details(key).status()).isEqualTo(IncidentStatus.IDENTIFIED);
    }

    @Test
    void aResponderEditsOnlyIncidentsTheyWorkOn() throws Exception {
        HindsightUser owner = users.create("owner", Role.RESPONDER);
        HindsightUser outsider = users.create("outsider", Role.RESPONDER);
        String key = declare(owner, "Theirs", Severity.SEV3);
        mvc.perform(get("/incidents/" + key + "/edit").with(user(owner))).andExpect(status().isOk());
        mvc.perform(get("/incidents/" + key + "/edit").with(user(outsider))).andExpect(status().isForbidden());
        mvc.perform(post("/incidents/" + key + "/status").with(user(outsider)).with(csrf()).param("status", "CLOSED"))
                .andExpect(status().isForbidden());

        // logging on the timeline is open to every responder, and does not make them one of the incident's
        timeline.post(outsider, incidents.idOf(key), new TimelineService.NewEvent("Seen from outside", null, null,
                java.util.Set.of(), false));
        mvc.perform(get("/incidents/" + key + "/edit").with(user(outsider))).andExpect(status().isForbidden());

        // joining does
        mvc.perform(post("/incidents/" + key + "/join").with(user(outsider)).with(csrf())).andExpect(status().isFound());
        mvc.perform(get("/incidents/" + key + "/edit").with(user(outsider))).andExpect(status().isOk());
    }
}
