package org.hindsight.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.hindsight.action.ActionStatus;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The email pages: the admin page says email is on and sends a test email that arrives (a bad address is refused
 * at its field, the text kept), and the profile page's choice of digests is saved and obeyed.
 */
class EmailPagesTest extends EmailTestBase {

    @Autowired
    MockMvc mvc;

    @Autowired
    DigestJob job;

    @Test
    void anAdminSendsATestEmailThatArrives() throws Exception {
        CLOCK.set(Instant.parse("2046-12-01T12:00:00Z")); // after the other email tests' emails: the newest in the log
        HindsightUser admin = users.create("mail-admin", Role.ADMIN);
        Document page = page(admin, "/admin/email");
        assertThat(page.getElementById("email-state").text()).isEqualTo(
                "Email is on: SMTP server 127.0.0.1:" + PORT + ", sent from hindsight@example.org.");

        mvc.perform(post("/admin/email/test").param("to", " ops@example.net ").with(user(admin)).with(csrf()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/admin/email"))
                .andExpect(flash().attributeExists("flash"));
        assertThat(to("ops@example.net")).as("sent after the request, by the worker").isEmpty();
        worker.deliverDue();
        assertThat(to("ops@example.net")).hasSize(1);
        MimeMessage message = to("ops@example.net").get(0);
        assertThat(message.getSubject()).isEqualTo("Hindsight test email");
        assertThat(EmailDigestTest.body((MimeMultipart) message.getContent(), "text/plain"))
                .contains("sent by Test " + admin.getUsername());
        Document after = page(admin, "/admin/email");
        assertThat(after.select("#emails tbody tr").first().text()).contains("Test", "ops@example.net", "Sent");
    }

    @Test
    void aBadAddressIsRefusedAtItsFieldWithTheTextKept() throws Exception {
        HindsightUser admin = users.create("mail-admin", Role.ADMIN);
        String html = mvc.perform(post("/admin/email/test").param("to", "not an address").with(user(admin))
                .with(csrf())).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        Document page = Jsoup.parse(html);
        assertThat(page.getElementById("to").val()).isEqualTo("not an address");
        assertThat(page.getElementById("to").attr("aria-invalid")).isEqualTo("true");
        assertThat(page.getElementById("to-error").text()).isEqualTo("Enter an email address, such as name@example.com.");
        worker.deliverDue();
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void theProfileChoiceOfDigestsIsSavedAndObeyed() throws Exception {
        CLOCK.set(Instant.parse("2046-03-20T08:00:00Z"));
        HindsightUser manager = users.create("pref-mgr", Role.MANAGER);
        HindsightUser responder = users.create("pref-resp", Role.RESPONDER);
        Document before = page(responder, "/profile");
        assertThat(before.getElementById("daily1").hasAttr("checked")).isTrue();
        assertThat(before.getElementById("weekly1")).as("the weekly digest is for managers").isNull();
        assertThat(page(manager, "/profile").getElementById("weekly1")).isNotNull();

        item(manager, incident(manager, "Preferences"), "Mine", responder, LocalDate.parse("2046-03-19"),
                ActionStatus.OPEN);
        // unticked: the browser sends only the checkbox's marker field
        mvc.perform(post("/profile/email").param("_daily", "on").with(user(responder)).with(csrf()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/profile#email"));
        assertThat(page(responder, "/profile").getElementById("daily1").hasAttr("checked")).isFalse();

        CLOCK.set(Instant.parse("2046-03-20T09:00:00Z"));
        job.run();
        worker.deliverDue();
        assertThat(to(email(responder))).isEmpty();

        mvc.perform(post("/profile/email").param("daily", "true").param("_daily", "on").with(user(responder))
                .with(csrf())).andExpect(status().isFound());
        job.run();
        worker.deliverDue();
        assertThat(to(email(responder))).as("ticked again the same day: today's digest comes").hasSize(1);
    }

    private Document page(HindsightUser who, String path) throws Exception {
        return Jsoup.parse(mvc.perform(get(path).with(user(who))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());
    }
}
