package org.hindsight.postmortem.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;

import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import org.springframework.web.util.HtmlUtils;

/** The import page: paste or upload, preview what was understood, correct, create; errors keep the text. */
@DatabaseTest
class ImportPagesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    HindsightUser responder;

    @BeforeEach
    void setUp() {
        responder = users.create("page-importer", ZoneId.of("Europe/Berlin"), Role.RESPONDER);
    }

    private MockMultipartHttpServletRequestBuilder form(String path, String text) {
        MockMultipartHttpServletRequestBuilder request = multipart(path);
        request.param("text", text);
        request.with(user(responder)).with(csrf());
        return request;
    }

    private String html(MockMultipartHttpServletRequestBuilder request) throws Exception {
        MvcResult result = mvc.perform(request).andExpect(status().isOk()).andReturn();
        return HtmlUtils.htmlUnescape(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    @Test
    void pastePreviewAndCreate() throws Exception {
        String reference = ImportTestDocs.read("import/reference.md");
        assertThat(mvc.perform(get("/incidents/import").with(user(responder))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).contains("enctype=\"multipart/form-data\"");

        String preview = html(form("/incidents/import/preview", reference));
        assertThat(preview).contains("What Hindsight understood")
                .contains("Times are shown in Europe/Berlin")
                // 09:00 UTC in the viewer's zone, with the date and the zone named
                .contains("2024-05-12 11:00 CEST").contains("2024-05-12 13:30 CEST")
                .contains("Misleading path explored regarding database performance issues.")
                .contains("Dead end")
                .contains("Conduct a thorough review of all load balancer configurations")
                .contains("This incident highlighted the importance")
                .contains("No severity found")
                // each summary time says where it was read
                .contains("from the \"Duration\" line");
        assertThat(html(form("/incidents/import/preview", "# Cache outage\n\n## Timeline\n\n"
                + "All times are UTC on 2024-03-02.\n\n- 10:00 Hit rate falls\n- 10:40 Caches warm again\n")))
                .contains("from the last timeline entry (10:40)").contains("a guess: check it");
        // the text is still in the form, so creating sends it again
        assertThat(preview).contains("-09:05 AM UTC: Engineering team received automated alerts");

        MvcResult created = mvc.perform(form("/incidents/import", reference).param("title", "LB outage (imported)")
                        .param("severity", "SEV1"))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attributeExists("flash")).andReturn();
        String location = created.getResponse().getRedirectedUrl();
        assertThat(location).matches("/incidents/INC-\\d+");
        var incident = incidents.details(location.substring("/incidents/".length()));
        assertThat(incident.title()).isEqualTo("LB outage (imported)");
        assertThat(incident.severity()).isEqualTo(Severity.SEV1);
        assertThat(incident.startedAt()).isEqualTo(Instant.parse("2024-05-12T09:00:00Z"));
        assertThat(mvc.perform(get(location).with(user(responder))).andReturn().getResponse()
                .getContentAsString()).contains("LB outage (imported)");
    }

    @Test
    void anUploadedFileIsPreviewedAndItsTextKeptInTheForm() throws Exception {
        MockMultipartFile file = new MockMultipartFile("file", "inc-1.md", "text/markdown",
                ImportTestDocs.read("INC-1.md").getBytes(StandardCharsets.UTF_8));
        String preview = html(form("/incidents/import/preview", "").file(file));
        assertThat(preview).contains("What Hindsight understood").contains("owner @maria.lopez")
                .contains("# Postmortem: Load balancer outage on the main website").contains("SEV2 (major)");

        MockMultipartFile pdf = new MockMultipartFile("file", "report.pdf", "application/pdf", new byte[] {1, 2, 3});
        assertThat(html(form("/incidents/import/preview", "").file(pdf))).contains("Upload a .md, .markdown or .txt file.");
        MockMultipartFile junk = new MockMultipartFile("file", "junk.md", "text/markdown", new byte[] {0, (byte) 0xff});
        assertThat(html(form("/incidents/import/preview", "").file(junk))).contains("not valid UTF-8");
    }

    @Test
    void errorsReRenderWithFieldMessagesAndKeepTheText() throws Exception {
        assertThat(html(form("/incidents/import/preview", " "))).contains("Paste a postmortem or choose a file.");

        String prose = "Dear team, things went badly yesterday: sorry.";
        assertThat(html(form("/incidents/import", prose))).contains("No postmortem section was recognised")
                .contains(prose);

        String undated = "# Queue backlog\n\n## Timeline\n\n- 23:50 Backlog alert\n- 00:10 Consumers scaled up\n";
        String page = html(form("/incidents/import", undated));
        assertThat(page).contains("Some times have no date").contains("- 23:50 Backlog alert");

        String badZone = html(form("/incidents/import/preview", undated).param("zone", "Nowhere/Special"));
        assertThat(badZone).contains("Not a time zone");

        MvcResult created = mvc.perform(form("/incidents/import", undated).param("date", "2024-02-01")
                .param("zone", "UTC")).andExpect(status().is3xxRedirection()).andReturn();
        var incident = incidents.details(created.getResponse().getRedirectedUrl().substring("/incidents/".length()));
        assertThat(incident.startedAt()).isEqualTo(Instant.parse("2024-02-01T23:50:00Z"));
    }

    @Test
    void tooLargeTextAndUploadsGetAMessageNotAnErrorPage() throws Exception {
        String huge = "# Big\n\n## Impact\n\n" + "x".repeat(ImportText.MAX_BYTES);
        assertThat(html(form("/incidents/import/preview", huge))).contains("larger than the limit of 1 MB");

        MockMultipartFile twoMegabytes = new MockMultipartFile("file", "big.md", "text/markdown",
                new byte[2 * 1024 * 1024]);
        assertThat(html(form("/incidents/import/preview", "").file(twoMegabytes)))
                .contains("larger than the limit of 1 MB");

        // beyond the upload limit the request is answered before anything reads it
        MvcResult result = mvc.perform(multipart("/incidents/import/preview").content(new byte[6 * 1024 * 1024])
                        .with(user(responder)).with(csrf()))
                .andExpect(status().isSeeOther()).andReturn();
        assertThat(result.getResponse().getHeader("Location")).endsWith("/incidents/import?tooLarge=1");
        assertThat(mvc.perform(get("/incidents/import?tooLarge=1").with(user(responder))).andReturn().getResponse()
                .getContentAsString()).contains("larger than the limit of 1 MB");
    }

    @Test
    void viewersMayNotImport() throws Exception {
        HindsightUser viewer = users.create("page-viewer", Role.VIEWER);
        mvc.perform(get("/incidents/import").with(user(viewer))).andExpect(status().isForbidden());
        mvc.perform(multipart("/incidents/import").param("text", "# x\n\n## Impact\n\ny").with(user(viewer)).with(csrf()))
                .andExpect(status().isForbidden());
    }
}
