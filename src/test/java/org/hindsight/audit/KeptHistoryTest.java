package org.hindsight.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.ZoneId;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.KeptBodies;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * An incident's history page renders its body once and keeps it for every viewer who would see the same
 * ({@code org.hindsight.system.PageBodies}): each viewer gets their own navigation and zone, and a change on the next
 * view.
 */
@DatabaseTest
class KeptHistoryTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    MeterRegistry meters;

    private String html(HindsightUser viewer, String key) throws Exception {
        return mvc.perform(get("/incidents/" + key + "/history").with(user(viewer))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    private String declare(HindsightUser by, String title) {
        return incidents.create(by, new NewIncident(title, Severity.SEV2, null, null, null, null, null,
                List.of(TestUsers.unique("svc-history")), null));
    }

    private double bodies(String outcome) {
        return KeptBodies.count(meters, AuditController.HISTORY_BODY, outcome);
    }

    @Test
    void aSecondViewerGetsTheKeptBodyAndAChangeShowsOnTheNextView() throws Exception {
        HindsightUser manager = users.create("kept-history-manager", Role.MANAGER);
        HindsightUser viewer = users.create("kept-history-viewer", Role.MANAGER);
        String key = declare(manager, "Lost messages");

        double rendered = bodies("rendered");
        double kept = bodies("kept");
        String first = html(manager, key);
        String second = html(viewer, key);
        assertThat(bodies("rendered") - rendered).as("rendered once").isEqualTo(1);
        assertThat(bodies("kept") - kept).as("then served as kept").isEqualTo(1);
        assertThat(KeptBodies.withoutTokens(second)).isEqualTo(KeptBodies.withoutTokens(first));
        assertThat(KeptBodies.bodyElements(second)).as("the body is not a second <body>").isEqualTo(1);
        Document page = Jsoup.parse(second);
        assertThat(page.select(".user-name").text()).isEqualTo(viewer.getDisplayName());
        assertThat(page.select("#audit-entries tbody tr")).isNotEmpty();
        int entries = page.select("#audit-entries tbody tr").size();

        incidents.change(manager, key, edits -> edits.title("Lost messages on the EU queue"));
        Document after = Jsoup.parse(html(viewer, key));
        assertThat(after.select("#audit-entries tbody tr")).as("the rename, newest first").hasSize(entries + 1);
        assertThat(after.select("#audit-entries tbody tr").first().text()).contains("Lost messages on the EU queue");
    }

    @Test
    void aViewerInAnotherZoneGetsTheTimesInTheirs() throws Exception {
        HindsightUser utc = users.create("kept-history-utc", Role.MANAGER);
        HindsightUser tokyo = users.create("kept-history-tokyo", ZoneId.of("Asia/Tokyo"), Role.VIEWER);
        String key = declare(utc, "Clock skew");
        String inUtc = Jsoup.parse(html(utc, key)).select("#audit-entries time").first().text();
        String inTokyo = Jsoup.parse(html(tokyo, key)).select("#audit-entries time").first().text();
        assertThat(inUtc).endsWith("UTC");
        assertThat(inTokyo).doesNotEndWith("UTC").isNotEqualTo(inUtc);
    }
}
