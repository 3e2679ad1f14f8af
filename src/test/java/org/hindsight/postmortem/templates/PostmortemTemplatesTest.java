package org.hindsight.postmortem.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

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
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.annotation.Transactional;

/** Managers keep the team's templates; a broken one is refused with its line; concurrent edits keep both texts. */
@DatabaseTest
@Transactional
class PostmortemTemplatesTest {

    private static final String TEMPLATE = "# {{key}} review: {{title}}\n\n{{#events}}\n- {{time}} {{item}}\n{{/events}}\n";

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    ApplicationContext context;

    @Autowired
    StoredTemplateService stored;

    private HindsightUser manager;
    private String name;

    @BeforeEach
    void manager() {
        manager = users.create("pm-templates", Role.MANAGER);
        name = TestUsers.unique("Weekly review");
    }

    private MockHttpServletRequestBuilder save(String path, HindsightUser who, String templateName, String body,
            long version) {
        return post(path).with(user(who)).with(csrf()).param("name", templateName).param("body", body)
                .param("previewKey", "").param("version", Long.toString(version));
    }

    private long idOf(String templateName) {
        return stored.summaries().stream().filter(t -> t.name().equals(templateName)).findFirst().orElseThrow().id();
    }

    @Test
    void aManagerSavesATemplateThatEveryExportCanThenUse() throws Exception {
        assertThat(Jsoup.parse(mvc.perform(get("/postmortem-templates/new").with(user(manager)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString())
                .selectFirst("textarea#body").text()).startsWith("# Postmortem: {{title}}");
        mvc.perform(save("/postmortem-templates", manager, name, TEMPLATE, 0))
                .andExpect(status().isFound());
        long id = idOf(name);
        assertThat(Jsoup.parse(mvc.perform(get("/postmortem-templates").with(user(manager)))
                .andReturn().getResponse().getContentAsString()).select("#template-list a").eachText()).contains(name);

        String key = ExampleIncident.load(context);
        HindsightUser viewer = users.create("pm-templates-viewer", Role.VIEWER);
        Document preview = Jsoup.parse(mvc.perform(get("/incidents/" + key + "/postmortem").with(user(viewer)))
                .andReturn().getResponse().getContentAsString());
        assertThat(preview.select("#pm-template option").eachText()).contains(name);
        String markdown = mvc.perform(get("/incidents/" + key + "/postmortem.md").param("template", "team-" + id)
                        .with(user(viewer)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(markdown).startsWith("# " + key + " review: Load balancer outage on the main website\n\n- May 12, 2024, 09:00 UTC ");

        mvc.perform(post("/postmortem-templates/" + id + "/delete").with(user(manager)).with(csrf()))
                .andExpect(status().isFound());
        mvc.perform(get("/incidents/" + key + "/postmortem.md").param("template", "team-" + id).with(user(viewer)))
                .andExpect(status().isBadRequest());
    }

    @Test
    void aBrokenTemplateIsRefusedWithItsLineAndTheTextKept() throws Exception {
        String unclosed = "# {{title}}\n\n{{#events}}\n- {{item}}\n";
        Document page = Jsoup.parse(mvc.perform(save("/postmortem-templates", manager, name, unclosed, 0))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(page.selectFirst("#body-error").text()).startsWith("Line ").contains("events");
        assertThat(page.selectFirst("textarea#body").wholeText()).isEqualTo(unclosed);

        String unknown = "# {{title}}\n\nBy {{author.password}}\n";
        page = Jsoup.parse(mvc.perform(save("/postmortem-templates", manager, name, unknown, 0))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(page.selectFirst("#body-error").text()).isEqualTo("Line 3: Unknown name 'author'");

        page = Jsoup.parse(mvc.perform(save("/postmortem-templates", manager, name, "{{> /etc/passwd}}", 0))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(page.selectFirst("#body-error").text()).contains("not supported");
        assertThat(stored.summaries()).noneMatch(t -> t.name().equals(name));
    }

    @Test
    void aSavedTemplateThatCannotRenderAnIncidentIsAnsweredNotAServerError() throws Exception {
        // the sample has action items and is resolved, so these branches are not tried when saving
        String body = "# {{title}}\n\n{{^hasActions}}No items, {{nobody}}.{{/hasActions}}\n";
        mvc.perform(save("/postmortem-templates", manager, name, body, 0)).andExpect(status().isFound());
        String template = "team-" + idOf(name);
        String key = context.getBean(org.hindsight.incident.IncidentService.class).create(manager,
                new org.hindsight.incident.IncidentCommands.NewIncident("Nothing to do yet",
                        org.hindsight.incident.Severity.SEV3, null, null, null, null, null, java.util.List.of(), null));

        Document page = Jsoup.parse(mvc.perform(get("/incidents/" + key + "/postmortem").param("template", template)
                        .with(user(manager)))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString());
        assertThat(page.selectFirst("#option-error").text()).contains(name).contains("line 3").contains("nobody");
        assertThat(page.select("#pm-template option[selected]").eachAttr("value")).containsExactly(template);
        mvc.perform(get("/incidents/" + key + "/postmortem.md").param("template", template).with(user(manager)))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/incidents/" + key + "/postmortem.pdf").param("template", template).with(user(manager)))
                .andExpect(status().isBadRequest());
        String problem = mvc.perform(get("/api/incidents/" + key + "/postmortem.md").param("template", template)
                        .with(user(manager)))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat(problem).contains("\"field\":\"template\"").contains("nobody");
        // the other templates still work for this incident
        mvc.perform(get("/incidents/" + key + "/postmortem.md").with(user(manager))).andExpect(status().isOk());
    }

    @Test
    void aTemplateThatWouldRepeatWithoutEndIsRefusedQuickly() throws Exception {
        // 3 sample events, nested 40 deep: 3^40 passes, or with text inside, gigabytes of output
        String endless = "{{#events}}".repeat(40) + "x" + "{{/events}}".repeat(40);
        String huge = "{{#events}}".repeat(12) + "y".repeat(100) + "{{/events}}".repeat(12);
        for (String body : java.util.List.of(endless, huge)) {
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                    () -> org.assertj.core.api.Assertions.assertThatThrownBy(() -> StoredTemplateService.trial(body))
                            .isInstanceOf(TemplateEngine.TemplateError.class).hasMessageContaining("too"));
        }
        Document page = Jsoup.parse(mvc.perform(save("/postmortem-templates", manager, name, endless, 0))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(page.selectFirst("#body-error").text()).contains("too");
        assertThat(stored.summaries()).noneMatch(t -> t.name().equals(name));
    }

    @Test
    void thePreviewRendersOnARealIncidentOrTheSampleWithoutSaving() throws Exception {
        String key = ExampleIncident.load(context);
        Document page = Jsoup.parse(mvc.perform(post("/postmortem-templates").with(user(manager)).with(csrf())
                        .param("name", name).param("body", TEMPLATE).param("previewKey", key).param("version", "0")
                        .param("preview", "1"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(page.selectFirst("#template-preview-html h1").text()).isEqualTo(key + " review: Load balancer outage on the main website");
        assertThat(stored.summaries()).noneMatch(t -> t.name().equals(name));

        page = Jsoup.parse(mvc.perform(post("/postmortem-templates").with(user(manager)).with(csrf())
                        .param("name", name).param("body", TEMPLATE).param("previewKey", "INC-987654321")
                        .param("version", "0").param("preview", "1"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(page.selectFirst("#previewKey-error").text()).isEqualTo("No incident with this key.");
    }

    @Test
    void onlyManagersWriteTemplates() throws Exception {
        HindsightUser responder = users.create("pm-templates-responder", Role.RESPONDER);
        mvc.perform(get("/postmortem-templates").with(user(responder))).andExpect(status().isForbidden());
        mvc.perform(save("/postmortem-templates", responder, name, TEMPLATE, 0)).andExpect(status().isForbidden());
        assertThat(stored.summaries()).noneMatch(t -> t.name().equals(name));
    }

    @Test
    void aSecondManagersStaleSaveShowsBothVersionsAndOverwritesOnlyWhenSentAgain() throws Exception {
        HindsightUser other = users.create("pm-templates-other", Role.MANAGER);
        mvc.perform(save("/postmortem-templates", manager, name, TEMPLATE, 0)).andExpect(status().isFound());
        long id = idOf(name);
        long loaded = stored.get(id).version();

        mvc.perform(save("/postmortem-templates/" + id, other, name, "# Theirs {{title}}\n", loaded))
                .andExpect(status().isFound());
        Document page = Jsoup.parse(mvc.perform(save("/postmortem-templates/" + id, manager, name,
                        "# Mine {{title}}\n", loaded))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(page.selectFirst("#template-conflict pre").wholeText()).isEqualTo("# Theirs {{title}}\n");
        assertThat(page.selectFirst("textarea#body").wholeText()).isEqualTo("# Mine {{title}}\n");
        assertThat(stored.body(id)).isEqualTo("# Theirs {{title}}\n");

        long current = Long.parseLong(page.selectFirst("input[name=version]").val());
        mvc.perform(save("/postmortem-templates/" + id, manager, name, "# Mine {{title}}\n", current))
                .andExpect(status().isFound());
        assertThat(stored.body(id)).isEqualTo("# Mine {{title}}\n");
    }
}
