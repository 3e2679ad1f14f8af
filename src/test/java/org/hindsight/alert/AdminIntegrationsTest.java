package org.hindsight.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hindsight.alert.AlertIntakeTest.alert;
import static org.hindsight.alert.AlertIntakeTest.notification;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hindsight.alert.IntegrationViews.IntegrationView;
import org.hindsight.incident.Severity;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The admin pages for integrations, checked against what a sender then gets from the intake: a new integration's
 * secret is shown once and works; disabled is 403, a rotated secret makes the old one 401, deleted is 404.
 */
@DatabaseTest
class AdminIntegrationsTest {

    private static final Pattern SECRET = Pattern.compile("hsa_[A-Za-z0-9_-]{43}");
    private static final String SHOWN_ONCE = "Copy the secret now: it is not shown again.";

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IntegrationService integrations;

    private HindsightUser admin;

    /** An integration made through the page: its id and the secret the page showed. */
    private record Made(long id, String name, String secret, String page) {
    }

    @BeforeEach
    void anAdmin() {
        admin = users.create("integration-admin", Role.ADMIN);
    }

    @Test
    void theSecretIsShownOnceWithTheAddressAndNeverAgain() throws Exception {
        Made made = create("critical=SEV1, page = sev2", "alertname,service");
        assertThat(made.page()).contains(SHOWN_ONCE).contains("http://localhost/hooks/alerts/" + made.id())
                .contains("Integration &quot;" + made.name() + "&quot; created.");
        IntegrationView stored = integrations.get(made.id());
        assertThat(stored.rules().severityMappingText()).isEqualTo("critical=SEV1,page=SEV2");
        assertThat(stored.rules().groupBy()).containsExactly("alertname", "service");
        assertThat(stored.secretHint()).isEqualTo(made.secret().substring(0, 8));

        String list = page(get("/admin/integrations"));
        assertThat(list).contains(made.name()).contains("http://localhost/hooks/alerts/" + made.id())
                .contains(stored.secretHint() + "…").doesNotContain(made.secret()).doesNotContain(SHOWN_ONCE);
        assertThat(page(get("/admin/integrations/" + made.id()))).contains(made.name())
                .doesNotContain(made.secret());
        assertThat(page(get("/admin/users"))).contains("href=\"/admin/integrations\"");

        assertThat(send(made.id(), made.secret())).isEqualTo(200);
    }

    @Test
    void invalidInputReRendersWithTheFieldMessagesAndTheTypedText() throws Exception {
        String name = TestUsers.unique("Typed");
        String html = page(newIntegration(name, "critical=SEV9,oops", "1bad"));
        assertThat(html).contains("value=\"" + name + "\"").contains("value=\"critical=SEV9,oops\"")
                .contains("Write the mapping as value=SEV1, value=SEV2, … (SEV1 to SEV4).")
                .doesNotContain(SHOWN_ONCE).doesNotContain("hsa_");
        assertThat(integrations.list()).extracting(IntegrationView::name).doesNotContain(name);

        assertThat(page(newIntegration(name, "critical=SEV1", "1bad"))).contains("value=\"1bad\"")
                .contains("Label names are letters, digits and underscores, not starting with a digit.");
        assertThat(page(newIntegration("  ", "critical=SEV1", ""))).contains(
                "Give the integration a name of 1 to 100 characters.");
        assertThat(integrations.list()).extracting(IntegrationView::name).doesNotContain(name);

        Made made = create("critical=SEV1", "");
        assertThat(page(newIntegration(made.name().toUpperCase(), "critical=SEV1", "")))
                .contains("Another integration has this name.");
    }

    @Test
    void anEditFromAStaleVersionIsRefusedAndKeepsTheInput() throws Exception {
        Made made = create("critical=SEV1", "");
        long version = integrations.get(made.id()).version();
        String theirs = TestUsers.unique("Theirs");
        integrations.update(made.id(), version, theirs, IntegrationRules.defaults(), true);

        String mine = TestUsers.unique("Mine");
        String html = page(edit(made.id(), mine, "boom=SEV2", version));
        assertThat(html).contains("Someone else saved this record while you were editing.").contains(theirs)
                .contains("value=\"" + mine + "\"").contains("value=\"boom=SEV2\"");
        IntegrationView now = integrations.get(made.id());
        assertThat(now.name()).isEqualTo(theirs);
        assertThat(now.rules().severityMapping()).doesNotContainKey("boom");

        // the form now carries the saved version: saving again applies the admin's input knowingly
        mvc.perform(edit(made.id(), mine, "boom=SEV2", now.version()).with(user(admin)))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/admin/integrations/" + made.id()));
        assertThat(integrations.get(made.id()).name()).isEqualTo(mine);
        assertThat(integrations.get(made.id()).rules().severityMapping()).containsEntry("boom", Severity.SEV2);
    }

    @Test
    void aDisabledIntegrationIsRefusedByTheIntake() throws Exception {
        Made made = create("critical=SEV1", "");
        mvc.perform(post("/admin/integrations/" + made.id() + "/enabled").param("enabled", "false").with(csrf())
                .with(user(admin))).andExpect(status().isFound());
        assertThat(page(get("/admin/integrations/" + made.id()))).contains("class=\"badge muted\">disabled<")
                .contains(">Enable</button>");
        assertThat(send(made.id(), made.secret())).isEqualTo(403);

        mvc.perform(post("/admin/integrations/" + made.id() + "/enabled").param("enabled", "true").with(csrf())
                .with(user(admin))).andExpect(status().isFound());
        assertThat(send(made.id(), made.secret())).isEqualTo(200);
    }

    @Test
    void aRotatedSecretReplacesTheOldOne() throws Exception {
        Made made = create("critical=SEV1", "");
        String html = page(post("/admin/integrations/" + made.id() + "/secret").with(csrf()));
        assertThat(html).contains(SHOWN_ONCE).contains("http://localhost/hooks/alerts/" + made.id());
        String rotated = secretIn(html);
        assertThat(rotated).isNotEqualTo(made.secret());

        assertThat(send(made.id(), made.secret())).isEqualTo(401);
        assertThat(send(made.id(), rotated)).isEqualTo(200);
        assertThat(page(get("/admin/integrations"))).doesNotContain(rotated);
    }

    @Test
    void aDeletedIntegrationIsUnknownToTheIntake() throws Exception {
        Made made = create("critical=SEV1", "");
        assertThat(send(made.id(), made.secret())).isEqualTo(200); // it has alerts: they go with it
        mvc.perform(post("/admin/integrations/" + made.id() + "/delete").with(csrf()).with(user(admin)))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/admin/integrations"));
        assertThat(send(made.id(), made.secret())).isEqualTo(404);
        assertThat(page(get("/admin/integrations"))).doesNotContain(made.name());
        mvc.perform(get("/admin/integrations/" + made.id()).with(user(admin))).andExpect(status().isNotFound());
    }

    @Test
    void respondersAndManagersCannotSeeOrChangeIntegrations() throws Exception {
        Made made = create("critical=SEV1", "");
        for (Role role : List.of(Role.RESPONDER, Role.MANAGER)) {
            HindsightUser other = users.create("integration-" + role.name().toLowerCase(), role);
            String base = "/admin/integrations/" + made.id();
            for (MockHttpServletRequestBuilder request : List.of(get("/admin/integrations"),
                    get("/admin/integrations/new"), get(base), newIntegration("Sneaky", "critical=SEV1", ""),
                    edit(made.id(), "Sneaky", "", 0), post(base + "/enabled").param("enabled", "false").with(csrf()),
                    post(base + "/secret").with(csrf()), post(base + "/delete").with(csrf()))) {
                MvcResult result = mvc.perform(request.with(user(other))).andReturn();
                assertThat(result.getResponse().getStatus()).as(role + " " + result.getRequest().getMethod() + " "
                        + result.getRequest().getRequestURI()).isEqualTo(403);
                assertThat(result.getResponse().getContentAsString()).doesNotContain("hsa_");
            }
        }
        IntegrationView untouched = integrations.get(made.id());
        assertThat(untouched.name()).isEqualTo(made.name());
        assertThat(untouched.enabled()).isTrue();
        assertThat(send(made.id(), made.secret())).isEqualTo(200);
    }

    // ---- helpers

    private Made create(String mapping, String groupBy) throws Exception {
        String name = TestUsers.unique("Prometheus");
        String html = page(newIntegration(name, mapping, "service,job").param("groupBy", groupBy));
        long id = integrations.list().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow().id();
        return new Made(id, name, secretIn(html), html);
    }

    private MockHttpServletRequestBuilder newIntegration(String name, String mapping, String serviceLabels) {
        return post("/admin/integrations").with(csrf()).param("name", name).param("source", "ALERTMANAGER")
                .param("severityLabel", "severity").param("severityMapping", mapping)
                .param("defaultSeverity", "SEV3").param("serviceLabels", serviceLabels)
                .param("onAllResolved", "RECORD_ONLY");
    }

    private MockHttpServletRequestBuilder edit(long id, String name, String mapping, long version) {
        return post("/admin/integrations/" + id).with(csrf()).param("name", name).param("severityLabel", "severity")
                .param("severityMapping", mapping).param("defaultSeverity", "SEV4").param("serviceLabels", "service")
                .param("groupBy", "").param("onAllResolved", "SET_MITIGATED").param("enabled", "true")
                .param("version", Long.toString(version));
    }

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        MvcResult result = mvc.perform(request.with(user(admin))).andExpect(status().isOk()).andReturn();
        // a secret is never kept for a later request (sessions live in the database)
        assertThat(result.getFlashMap().isEmpty()).as("nothing kept in a flash").isTrue();
        return result.getResponse().getContentAsString();
    }

    private static String secretIn(String html) {
        Matcher matcher = SECRET.matcher(html);
        assertThat(matcher.find()).as("a secret on the page").isTrue();
        String secret = matcher.group();
        assertThat(html.indexOf(secret, matcher.end())).as("the secret appears once").isNegative();
        return secret;
    }

    /** Posts an Alertmanager notification to the intake with this secret; answers the status. */
    private int send(long id, String secret) throws Exception {
        String group = TestUsers.unique("{}:{alertname=\"PageTest\"}");
        String payload = notification(group, "firing",
                alert(TestUsers.unique("fp"), "firing", "PageTest", "api", "critical", "2026-03-02T10:00:00Z", null));
        return mvc.perform(post("/hooks/alerts/" + id).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + secret).content(payload))
                .andReturn().getResponse().getStatus();
    }
}
