package org.hindsight.postmortem.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hindsight.support.ApiCalls.problemNaming;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import jakarta.persistence.EntityManager;

import org.hindsight.example.ExampleIncident;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.IncidentStatus;
import org.hindsight.incident.Severity;
import org.hindsight.support.ApiCalls;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.system.TimeZoneChoices;
import org.hindsight.timeline.EventKind;
import org.hindsight.timeline.TimelineService;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.HourCycle;
import org.hindsight.user.Role;
import org.hindsight.user.User;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The preview as a viewer meets it: in their own zone and clock, a zone field to search, the status rows only in
 * the full history, labelled task checkboxes; the downloads give what the page showed.
 */
@DatabaseTest
@Transactional
class PostmortemPreviewOptionsTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestUsers users;

    @Autowired
    ApplicationContext context;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    @Autowired
    EntityManager entities;

    private String example;

    @BeforeEach
    void exampleIncident() {
        example = ExampleIncident.load(context);
    }

    private Document page(MockHttpServletRequestBuilder request, int status) throws Exception {
        return Jsoup.parse(mvc.perform(request).andExpect(status().is(status)).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
    }

    private String body(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void thePreviewOpensInTheViewersZoneAndClockAndItsDownloadsGiveWhatItShows() throws Exception {
        HindsightUser berlin = users.create("pm-berlin", ZoneId.of("Europe/Berlin"), Role.VIEWER);
        Document page = page(get("/incidents/" + example + "/postmortem").with(user(berlin)), 200);

        String shown = page.selectFirst("article#postmortem").text();
        assertThat(shown).contains("11:05 CEST: Engineering team received automated alerts")
                .contains("Time zone: Europe/Berlin").doesNotContain(" AM ").doesNotContain("UTC");
        assertThat(page.selectFirst("#pm-zone").val()).isEqualTo("Europe/Berlin");
        assertThat(page.selectFirst("#pm-clock option[selected]").val()).isEqualTo("24");

        String mdLink = page.selectFirst("#download-md").attr("href");
        assertThat(mdLink).contains("zone=Europe/Berlin").contains("clock=24").contains("template=reference");
        assertThat(page.selectFirst("#download-pdf").attr("href")).contains("zone=Europe/Berlin").contains("clock=24");
        assertThat(body(get(mdLink).with(user(berlin))))
                .contains("- **May 12, 2024, 11:00 CEST:** Issue detected")
                .contains("- **11:05 CEST:** Engineering team").contains("- **Time zone:** Europe/Berlin");

        // a download without options keeps the export's own defaults, for the page as for the API
        assertThat(body(get("/incidents/" + example + "/postmortem.md").with(user(berlin))))
                .isEqualTo(PostmortemExportTest.golden());

        // a viewer who reads the 12-hour clock (their profile) gets it here too
        HindsightUser newYork = users.create("pm-new-york", ZoneId.of("America/New_York"), Role.VIEWER);
        entities.find(User.class, newYork.getId()).setHourCycle(HourCycle.H12);
        entities.flush();
        newYork = users.reload(newYork.getUsername());
        Document twelve = page(get("/incidents/" + example + "/postmortem").with(user(newYork)), 200);
        assertThat(twelve.selectFirst("article#postmortem").text()).contains("05:05 AM EDT: Engineering team")
                .contains("Time zone: America/New_York");
        assertThat(twelve.selectFirst("#pm-clock option[selected]").val()).isEqualTo("12");
        assertThat(twelve.selectFirst("#download-pdf").attr("href")).contains("zone=America/New_York")
                .contains("clock=12");

        // options chosen on the page win over the viewer's own
        Document chosen = page(get("/incidents/" + example + "/postmortem").param("zone", "Asia/Tokyo")
                .param("clock", "").with(user(berlin)), 200);
        assertThat(chosen.selectFirst("article#postmortem").text()).contains("06:05 PM JST");
        assertThat(chosen.selectFirst("#pm-clock option[selected]").val()).isEmpty();
    }

    @Test
    void theZoneIsASearchableFieldWithTheViewersZoneFirstCheckedOnTheServer() throws Exception {
        HindsightUser tokyo = users.create("pm-tokyo", ZoneId.of("Asia/Tokyo"), Role.VIEWER);
        Document page = page(get("/incidents/" + example + "/postmortem").with(user(tokyo)), 200);

        Element zone = page.selectFirst("#pm-zone");
        assertThat(zone.tagName()).isEqualTo("input");
        assertThat(page.selectFirst("label[for=pm-zone]")).isNotNull();
        List<String> offered = page.select("datalist#" + zone.attr("list") + " option").eachAttr("value");
        assertThat(offered).hasSameSizeAs(TimeZoneChoices.ALL).doesNotHaveDuplicates()
                .containsAll(TimeZoneChoices.ALL);
        assertThat(offered.subList(0, 2)).containsExactly("Asia/Tokyo", "UTC");

        // typed in another case, a zone is still found
        assertThat(page(get("/incidents/" + example + "/postmortem").param("zone", "europe/berlin")
                .with(user(tokyo)), 200).selectFirst("article#postmortem").text()).contains("11:05");

        // an unknown zone: 400, the message at the field, what was typed kept, the other choices too
        Document refused = page(get("/incidents/" + example + "/postmortem").param("zone", "Mars/Olympus")
                .param("clock", "12").param("template", "sre").with(user(tokyo)), 400);
        Element field = refused.selectFirst("#pm-zone").parent();
        assertThat(field.hasClass("has-error")).isTrue();
        assertThat(field.selectFirst(".field-error").text()).contains("Mars/Olympus").contains("time zone");
        assertThat(refused.selectFirst("#pm-zone").val()).isEqualTo("Mars/Olympus");
        assertThat(refused.selectFirst("#pm-zone").attr("aria-invalid")).isEqualTo("true");
        assertThat(refused.selectFirst("#pm-zone").attr("aria-describedby"))
                .isEqualTo(field.selectFirst(".field-error").id());
        assertThat(refused.selectFirst("#pm-clock option[selected]").val()).isEqualTo("12");
        assertThat(refused.selectFirst("#pm-template option[selected]").val()).isEqualTo("sre");
        assertThat(refused.selectFirst("article#postmortem")).isNull();
    }

    @Test
    void statusRowsAreInTheFullHistoryOnly() throws Exception {
        HindsightUser manager = users.create("pm-status", Role.MANAGER);
        Instant start = Instant.parse("2024-05-12T09:00:00Z");
        String key = incidents.create(manager, new NewIncident("Status rows", Severity.SEV3, null, start, null, null,
                null, List.of(), null));
        timeline.post(manager, incidents.idOf(key), new TimelineService.NewEvent("Restarted the cache.",
                start.plusSeconds(60), EventKind.ACTION, Set.of(), false));
        incidents.changeStatus(manager, key, IncidentStatus.MONITORING);
        incidents.changeStatus(manager, key, IncidentStatus.RESOLVED);
        ApiCalls api = new ApiCalls(mvc, json, "10.78");

        String plain = body(get("/api/incidents/" + key + "/postmortem.md").with(api.basic(manager)));
        assertThat(plain).contains("Restarted the cache.").doesNotContain("Status changed");
        String full = body(get("/api/incidents/" + key + "/postmortem.md").param("fullHistory", "true")
                .with(api.basic(manager)));
        assertThat(full).contains("Restarted the cache.")
                .contains("Status changed: **Investigating** → **Monitoring**")
                .contains("Status changed: **Monitoring** → **Resolved**");
        assertThat(body(get("/api/incidents/" + key + "/postmortem.md").param("fullHistory", "true")
                .param("template", "sre").with(api.basic(manager)))).contains("→ **Resolved**");
        assertThat(body(get("/api/incidents/" + key + "/postmortem.md").param("template", "sre")
                .with(api.basic(manager)))).doesNotContain("Status changed");
        mvc.perform(get("/api/incidents/" + key + "/postmortem.md").param("fullHistory", "maybe")
                        .with(api.basic(manager)))
                .andExpect(status().isBadRequest()).andExpect(problemNaming("fullHistory"));
        for (String path : List.of("/api/incidents/{key}/postmortem.md", "/api/incidents/{key}/postmortem.pdf")) {
            mvc.perform(get("/api/openapi.json").with(api.basic(manager))).andExpect(status().isOk())
                    .andExpect(jsonPath("$.paths['" + path + "'].get.parameters[?(@.name == 'fullHistory')].description",
                            hasItem(containsString("status"))));
        }

        // the page: a checkbox, clear by default; ticked, the rows show and the downloads keep it
        Document page = page(get("/incidents/" + key + "/postmortem").with(user(manager)), 200);
        Element box = page.selectFirst("input[type=checkbox]#pm-full-history");
        assertThat(box.hasAttr("checked")).isFalse();
        assertThat(page.selectFirst("label[for=pm-full-history]").text()).isNotBlank();
        assertThat(page.selectFirst("article#postmortem").text()).doesNotContain("Status changed");

        Document ticked = page(get("/incidents/" + key + "/postmortem").param(box.attr("name"), box.val())
                .with(user(manager)), 200);
        assertThat(ticked.selectFirst("#pm-full-history").hasAttr("checked")).isTrue();
        assertThat(ticked.selectFirst("article#postmortem").text()).contains("Status changed: Monitoring → Resolved");
        assertThat(body(get(ticked.selectFirst("#download-md").attr("href")).with(user(manager))))
                .contains("→ **Resolved**");
    }

    @Test
    void everyTaskCheckboxIsLabelledWithItsItem() throws Exception {
        HindsightUser viewer = users.create("pm-labels", Role.VIEWER);
        Document page = page(get("/incidents/" + example + "/postmortem").with(user(viewer)), 200);
        var boxes = page.select("article#postmortem input[type=checkbox]");
        assertThat(boxes).hasSize(7);
        for (Element box : boxes) {
            String item = box.parent().text().replace('\u00a0', ' ').strip();
            String label = box.attr("aria-label");
            assertThat(label).as(item).isNotBlank();
            assertThat(item).as("the label is the item's text, a long one cut with an ellipsis")
                    .startsWith(label.endsWith("\u2026") ? label.substring(0, label.length() - 1) : label);
        }
        assertThat(boxes.get(0).attr("aria-label")).isEqualTo("Strengthen load balancer configuration review"
                + " processes to prevent similar misconfigurations. (owner @maria.lopez, due 2024-06-14, process,"
                + " medium priority)");
    }
}
