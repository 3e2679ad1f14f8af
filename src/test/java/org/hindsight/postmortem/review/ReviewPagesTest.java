package org.hindsight.postmortem.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

import org.hindsight.example.ExampleIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.annotation.Transactional;

/** The review page: the checklist, the steps as forms (refusals re-render with the text kept), versions and diffs. */
@DatabaseTest
@Transactional
class ReviewPagesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    ApplicationContext context;

    @Autowired
    IncidentService incidents;

    private HindsightUser lead;
    private HindsightUser alice;
    private String key;
    private String page;

    @BeforeEach
    void setUp() {
        lead = users.create("rp-lead", Role.MANAGER);
        alice = users.create("rp-alice", Role.VIEWER);
        key = ExampleIncident.load(context);
        page = "/incidents/" + key + "/postmortem/review";
    }

    private String html(HindsightUser who, MockHttpServletRequestBuilder request, int status) throws Exception {
        return mvc.perform(request.with(user(who)).with(csrf())).andExpect(status().is(status)).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private void step(HindsightUser who, String path, String... params) throws Exception {
        MockHttpServletRequestBuilder request = post(page.replace("/review", path));
        for (int i = 0; i < params.length; i += 2) {
            request.param(params[i], params[i + 1]);
        }
        mvc.perform(request.with(user(who)).with(csrf())).andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl(page)).andExpect(flash().attributeExists("flash"));
    }

    @Test
    void theReviewGoesThroughItsFormsAndEveryRefusalKeepsWhatWasTyped() throws Exception {
        String draft = html(lead, get(page), 200);
        assertThat(draft).contains("Draft").contains("The mitigation time is set").contains("Send to review")
                .doesNotContain("Your verdict").doesNotContain("{0}");
        assertThat(html(alice, get(page), 200)).doesNotContain("Send to review");

        String refused = html(lead, post(page).param("reviewers", "nobody-here"), 422);
        assertThat(refused).contains("No active account is called &quot;nobody-here&quot;").contains("value=\"nobody-here\"");

        step(lead, "/review", "reviewers", alice.getUsername());
        assertThat(html(alice, get("/reviews/mine"), 200)).contains(key).contains("@" + lead.getUsername());
        String inReview = html(alice, get(page), 200);
        assertThat(html(alice, get("/incidents").param("postmortem", "IN_REVIEW"), 200)).contains(key)
                .contains("In review");
        assertThat(html(alice, get("/actions"), 200)).contains("postmortem: in review");
        assertThat(html(alice, get("/incidents").param("postmortem", "PUBLISHED"), 200)).doesNotContain(">" + key + "<");
        assertThat(inReview).contains("In review").contains("Your verdict").doesNotContain("Send to review");

        String noComment = html(alice, post(page.replace("/review", "/verdict")).param("verdict", "REQUEST_CHANGES")
                .param("comment", " "), 422);
        assertThat(noComment).contains("a request for changes needs a comment");
        step(alice, "/verdict", "verdict", "REQUEST_CHANGES", "comment", "Add the cost of the dead end");
        assertThat(html(lead, get(page), 200)).contains("Draft").contains("Add the cost of the dead end")
                .contains("asked for changes");
        assertThat(html(alice, get("/reviews/mine"), 200)).contains("No review waits for your verdict");

        step(lead, "/review", "reviewers", alice.getUsername());
        step(alice, "/verdict", "verdict", "APPROVE", "comment", "");
        step(lead, "/publish", "template", "reference");
        String published = html(alice, get(page), 200);
        assertThat(published).contains("Published").contains("Version 1")
                .contains("/incidents/" + key + "/postmortem/versions/1.md");
        String md = mvc.perform(get("/incidents/" + key + "/postmortem/versions/1.md").with(user(alice)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(md).startsWith("# Postmortem: Load balancer outage");

        incidents.change(lead, key, b -> b.resolution("Rolled the load balancer back and pinned its config."));
        assertThat(html(lead, get(page), 200)).contains("The incident changed since version 1 was published.");
        step(lead, "/review", "reviewers", alice.getUsername());
        step(alice, "/verdict", "verdict", "APPROVE");
        step(lead, "/publish", "template", "reference");
        String diff = html(alice, get("/incidents/" + key + "/postmortem/diff").param("from", "1").param("to", "2"),
                200);
        assertThat(diff).contains("diff-added").contains("Rolled the load balancer back and pinned its config.")
                .contains("diff-removed");
    }

    @Test
    void adminsSetTheApprovalsAPublicationNeedsAndBadValuesComeBackNamed() throws Exception {
        HindsightUser admin = users.create("rp-admin", Role.ADMIN);
        String form = html(admin, get("/admin/review-settings"), 200);
        assertThat(form).contains("Approvals a publication needs");
        long version = Long.parseLong(form.replaceAll("(?s).*name=\"version\" value=\"(\\d+)\".*", "$1"));
        String bad = html(admin, post("/admin/review-settings").param("approvalsRequired", "eleven")
                .param("version", String.valueOf(version)), 422);
        assertThat(bad).contains("A number from 0 to 10.").contains("value=\"eleven\"");
        mvc.perform(post("/admin/review-settings").param("approvalsRequired", "0").param("closeOnPublish", "true")
                        .param("version", String.valueOf(version)).with(user(admin)).with(csrf()))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attributeExists("flash"));
        // a second admin still on the old version is told, not silently overruled
        assertThat(html(admin, post("/admin/review-settings").param("approvalsRequired", "3")
                .param("version", String.valueOf(version)), 409)).contains("Another admin changed the review settings");
        mvc.perform(get("/admin/review-settings").with(user(lead))).andExpect(status().isForbidden());

        // with no approvals needed, the draft is published straight from its page
        assertThat(html(lead, get(page), 200)).contains("Publish version 1");
        step(lead, "/publish", "template", "reference");
        assertThat(html(lead, get(page), 200)).contains("Published");
    }
}
