package org.hindsight.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hindsight.support.ApiCalls.obj;
import static org.hindsight.support.ApiCalls.refusalNaming;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.support.ApiCalls;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.hindsight.user.UserService;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Declaring an incident starts at its title, and its commander and responders are accounts: suggested from the
 * active accounts as one types, checked on the server, named when unknown with what was typed kept.
 */
@DatabaseTest
class IncidentAccountFieldsTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    UserService userService;

    @Autowired
    IncidentService incidents;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    private Document page(MockHttpServletRequestBuilder request) throws Exception {
        return Jsoup.parse(mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }

    /** An enabled account made the way the application makes them (so the suggestions know it at once). */
    private String account(String base, String displayName) {
        String username = TestUsers.unique(base);
        userService.createExampleAccount(username, displayName, username + "@example.com", Role.RESPONDER);
        return username;
    }

    private static Map<String, String> suggestions(Document page, Element input) {
        var options = page.select("datalist#" + input.attr("list") + " option");
        return options.stream().collect(java.util.stream.Collectors.toMap(o -> o.attr("value"), o -> o.attr("label")));
    }

    @Test
    void theDeclareFormFocusesTheTitleAndSuggestsActiveAccountsForCommanderAndResponders() throws Exception {
        HindsightUser declarer = users.create("acc-declarer", Role.RESPONDER);
        String gone = account("acc-gone", "Gone Person");
        jdbc.update("update app_user set enabled = false where username = ?", gone);
        String maria = account("acc-maria", "Maria Active"); // also drops the kept suggestions: read afresh below

        Document form = page(get("/incidents/new").with(user(declarer)));
        assertThat(form.select("[autofocus]")).hasSize(1);
        assertThat(form.selectFirst("[autofocus]").id()).isEqualTo("title");

        for (String field : List.of("commander", "responders")) {
            Element input = form.selectFirst("input#" + field);
            assertThat(input.attr("list")).as(field).isNotBlank();
            assertThat(form.selectFirst("label[for=" + field + "]")).as(field).isNotNull();
            Map<String, String> offered = suggestions(form, input);
            assertThat(offered).as(field).containsEntry(maria, "Maria Active").doesNotContainKey(gone);
        }
        assertThat(form.selectFirst("input#responders").hasAttr("data-multiple")).isTrue();
    }

    @Test
    void commanderAndRespondersAreAccountsAndAnUnknownOneIsNamedWithTheTextKept() throws Exception {
        HindsightUser declarer = users.create("acc-lead", Role.RESPONDER);
        String commander = account("acc-cmdr", "Casey Commander");
        String helper = account("acc-helper", "Hale Helper");
        String ghost = TestUsers.unique("acc-ghost");

        Document refused = page(post("/incidents").with(user(declarer)).with(csrf()).param("title", "Kept title")
                .param("severity", "SEV2").param("commander", commander)
                .param("responders", helper + ", " + ghost));
        Element field = refused.selectFirst("input#responders").parent();
        assertThat(field.hasClass("has-error")).isTrue();
        assertThat(field.selectFirst(".field-error").text()).contains("No active user has the username \"" + ghost + "\"");
        assertThat(refused.selectFirst("input#responders").val()).isEqualTo(helper + ", " + ghost);
        assertThat(refused.selectFirst("input#responders").attr("aria-describedby"))
                .contains(field.selectFirst(".field-error").id());
        assertThat(refused.selectFirst("input#title").val()).isEqualTo("Kept title");
        assertThat(refused.selectFirst("input#commander").val()).isEqualTo(commander);

        String location = mvc.perform(post("/incidents").with(user(declarer)).with(csrf()).param("title", "Staffed")
                        .param("severity", "SEV2").param("commander", commander.toUpperCase())
                        .param("responders", helper + ", " + declarer.getUsername()))
                .andExpect(status().isFound()).andReturn().getResponse().getRedirectedUrl();
        var created = incidents.details(location.substring("/incidents/".length()));
        assertThat(created.commander().username()).isEqualTo(commander);
        assertThat(created.responders()).extracting(IncidentViews.UserRef::username)
                .containsExactlyInAnyOrder(declarer.getUsername(), helper);
    }

    @Test
    void theEditFormSuggestsAccountsAndNamesAnUnknownResponder() throws Exception {
        HindsightUser manager = users.create("acc-editor", Role.MANAGER);
        String helper = account("acc-edit-helper", "Edith Helper");
        String key = incidents.create(manager, new NewIncident("Edit accounts", Severity.SEV3, null,
                Instant.parse("2024-05-12T09:00:00Z"), null, null, null, List.of(), null));

        Document form = page(get("/incidents/" + key + "/edit").with(user(manager)));
        assertThat(suggestions(form, form.selectFirst("input#commander"))).containsEntry(helper, "Edith Helper");
        assertThat(suggestions(form, form.selectFirst("input#responders"))).containsEntry(helper, "Edith Helper");

        String ghost = TestUsers.unique("acc-nobody");
        Document refused = page(post("/incidents/" + key).with(user(manager)).with(csrf())
                .param("title", "Edit accounts").param("severity", "SEV3").param("status", "INVESTIGATING")
                .param("startedAt", "2024-05-12T09:00").param("responders", ghost + ", " + helper)
                .param("version", form.selectFirst("input[name=version]").val()));
        assertThat(refused.selectFirst("input#responders").parent().selectFirst(".field-error").text())
                .contains(ghost);
        assertThat(refused.selectFirst("input#responders").val()).isEqualTo(ghost + ", " + helper);
    }

    @Test
    void theApiDeclaresWithRespondersAndRefusesAnUnknownOneNamingTheField() throws Exception {
        ApiCalls api = new ApiCalls(mvc, json, "10.79");
        HindsightUser declarer = users.create("acc-api", Role.RESPONDER);
        String helper = account("acc-api-helper", "Api Helper");
        mvc.perform(api.postJson("/api/incidents", obj("title", "With responders", "severity", "SEV3",
                        "responders", List.of(helper))).with(api.basic(declarer)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.responders", containsInAnyOrder(declarer.getUsername(), helper)));

        String ghost = TestUsers.unique("acc-api-ghost");
        mvc.perform(api.postJson("/api/incidents", obj("title", "Unknown responder", "severity", "SEV3",
                        "responders", List.of(helper, ghost))).with(api.basic(declarer)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(refusalNaming("responders"))
                .andExpect(jsonPath("$.detail", containsString(ghost)));
        mvc.perform(get("/api/openapi.json").with(api.basic(declarer))).andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/incidents'].post.requestBody.content['application/json'].schema['$ref']",
                        containsString("NewIncidentJson")))
                .andExpect(jsonPath("$.components.schemas.NewIncidentJson.properties.responders.type").value("array"));
    }
}
