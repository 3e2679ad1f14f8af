package org.hindsight.postmortem.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hindsight.support.ApiCalls.problemNaming;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.support.ApiCalls;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.example.ExampleIncident;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** The postmortem downloads and preview through HTTP: pages with a session, the API with Basic or a token. */
@DatabaseTest
@Transactional
class PostmortemEndpointsTest {

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

    private ApiCalls api;
    private HindsightUser viewer;
    private String key;

    @BeforeEach
    void exampleIncident() {
        api = new ApiCalls(mvc, json, "10.77");
        viewer = users.create("pm-viewer", Role.VIEWER);
        key = ExampleIncident.load(context);
    }

    @Test
    void aViewerDownloadsTheMarkdownThroughTheApi() throws Exception {
        var response = mvc.perform(get("/api/incidents/" + key + "/postmortem.md").with(api.basic(viewer)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition",
                        "attachment; filename=\"" + key + "-load-balancer-outage-on-the-main-website.md\""))
                .andReturn().getResponse();
        assertThat(response.getContentType()).isEqualTo("text/markdown;charset=UTF-8");
        assertThat(response.getContentAsString(StandardCharsets.UTF_8)).isEqualTo(PostmortemExportTest.golden());
    }

    @Test
    void theApiRefusesStrangersUnknownIncidentsAndBadOptionsClearly() throws Exception {
        ApiCalls.expectUnauthorized(mvc.perform(get("/api/incidents/" + key + "/postmortem.md")));
        ApiCalls.expectUnauthorized(mvc.perform(get("/api/incidents/" + key + "/postmortem.pdf")));
        mvc.perform(get("/api/incidents/INC-987654321/postmortem.md").with(api.basic(viewer)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/api/incidents/INC-987654321/postmortem.pdf").with(api.basic(viewer)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/api/incidents/" + key + "/postmortem.md?zone=Mars/Olympus").with(api.basic(viewer)))
                .andExpect(status().isBadRequest()).andExpect(problemNaming("zone"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("Mars/Olympus")));
        mvc.perform(get("/api/incidents/" + key + "/postmortem.pdf?template=fancy").with(api.basic(viewer)))
                .andExpect(status().isBadRequest()).andExpect(problemNaming("template"));
        mvc.perform(get("/api/incidents/" + key + "/postmortem.md?clock=13").with(api.basic(viewer)))
                .andExpect(status().isBadRequest()).andExpect(problemNaming("clock"));
    }

    @Test
    void optionsTravelAsQueryParameters() throws Exception {
        String body = mvc.perform(get("/api/incidents/" + key + "/postmortem.md")
                        .param("zone", "Asia/Tokyo").param("clock", "24").param("template", "sre")
                        .with(api.basic(viewer)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(body).contains("## Root Causes").contains("## Trigger").contains("| Action Item | Type | Owner")
                .contains("May 12, 2024, 18:00 JST").contains("- **Time zone:** Asia/Tokyo");
    }

    @Test
    void thePreviewShowsTheSameDocumentRenderedWithItsOptionsAndDownloads() throws Exception {
        String html = mvc.perform(get("/incidents/" + key + "/postmortem").with(user(viewer)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        Document page = Jsoup.parse(html);
        var article = page.selectFirst("article#postmortem");
        assertThat(article.selectFirst("h1").text()).isEqualTo("Postmortem: Load balancer outage on the main website");
        assertThat(article.select("h2").eachText()).containsExactly("Issue Summary", "Timeline",
                "Root Cause and Resolution", "Corrective and Preventative Measures");
        assertThat(article.select("li input[type=checkbox][checked]")).hasSize(3);
        // the viewer's zone (UTC) and clock (24 hours, as every view)
        assertThat(article.text()).contains("09:05 UTC: Engineering team received automated alerts");
        assertThat(page.selectFirst("#download-md").attr("href"))
                .isEqualTo("/incidents/" + key + "/postmortem.md?zone=UTC&clock=24&template=reference&fullHistory=false");
        assertThat(page.selectFirst("#download-pdf").attr("href")).startsWith("/incidents/" + key + "/postmortem.pdf?");
        assertThat(page.select("#pm-template option").eachAttr("value")).contains("reference", "sre", "compact");

        String berlin = mvc.perform(get("/incidents/" + key + "/postmortem").param("zone", "Europe/Berlin")
                        .param("clock", "24").with(user(viewer)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Jsoup.parse(berlin).selectFirst("article#postmortem").text()).contains("11:05 CEST")
                .contains("Time zone: Europe/Berlin");
        assertThat(Jsoup.parse(berlin).selectFirst("#pm-zone").val()).isEqualTo("Europe/Berlin");
    }

    @Test
    void aBadOptionOnThePageIsAMessageWithTheFormNotAnError() throws Exception {
        for (String path : List.of("/postmortem", "/postmortem.md", "/postmortem.pdf")) {
            String html = mvc.perform(get("/incidents/" + key + path).param("zone", "Mars/Olympus")
                            .param("template", "compact").with(user(viewer)))
                    .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
            Document page = Jsoup.parse(html);
            assertThat(page.selectFirst("#option-error").text()).contains("Mars/Olympus").contains("time zone");
            assertThat(page.selectFirst("#pm-template option[selected]").val()).isEqualTo("compact");
            assertThat(page.selectFirst("article#postmortem")).isNull();
        }
        mvc.perform(get("/incidents/INC-987654321/postmortem").with(user(viewer))).andExpect(status().isNotFound());
        mvc.perform(get("/incidents/INC-987654321/postmortem.md").with(user(viewer))).andExpect(status().isNotFound());
    }

    @Test
    void pageDownloadsAreNamedAfterTheIncident() throws Exception {
        HindsightUser manager = users.create("pm-manager", Role.MANAGER);
        String other = incidents.create(manager, new NewIncident("Ünïcödé: Load-Balancer outage! (EU) 日本",
                Severity.SEV3, null, Instant.parse("2024-05-12T09:00:00Z"), null, null, null, List.of(), null));
        var md = mvc.perform(get("/incidents/" + other + "/postmortem.md").with(user(viewer)))
                .andExpect(status().isOk()).andReturn().getResponse();
        assertThat(md.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"" + other
                + "-unicode-load-balancer-outage-eu.md\"; filename*=UTF-8''" + other
                + "-%C3%BCn%C3%AFc%C3%B6d%C3%A9-load-balancer-outage-eu-%E6%97%A5%E6%9C%AC.md");
        assertThat(md.getContentAsString(StandardCharsets.UTF_8))
                .startsWith("# Postmortem: Ünïcödé: Load-Balancer outage\\! (EU) 日本\n");
        var pdf = mvc.perform(get("/incidents/" + other + "/postmortem.pdf").with(user(viewer)))
                .andExpect(status().isOk()).andExpect(content().contentType(MediaType.APPLICATION_PDF))
                .andReturn().getResponse();
        assertThat(pdf.getHeader("Content-Disposition")).startsWith("attachment; filename=\"" + other
                + "-unicode-load-balancer-outage-eu.pdf\"");
        assertThat(new String(pdf.getContentAsByteArray(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    }
}
