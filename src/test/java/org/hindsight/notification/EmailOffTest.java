package org.hindsight.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.action.ActionItemService;
import org.hindsight.action.ActionPriority;
import org.hindsight.action.ActionStatus;
import org.hindsight.action.ActionType;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentKey;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.IncidentStatus;
import org.hindsight.incident.Severity;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.system.Flash;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Without an SMTP server (the tests' default, as a deployment without {@code SPRING_MAIL_HOST}): a digest that is due
 * is not even recorded, the admin page says email is off, and a test email is answered with that, not sent or queued.
 */
@DatabaseTest
class EmailOffTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    IncidentService incidents;

    @Autowired
    ActionItemService actions;

    @Autowired
    DigestJob job;

    @Autowired
    MailWorker worker;

    @Autowired
    Clock clock;

    @Autowired
    MessageSource messages;

    @Test
    void aDueDigestIsNotQueued() {
        // an owner whose local time is about 15:00 now, with an item due today: their digest is due
        ZoneId zone = afternoonZone();
        HindsightUser manager = users.create("off-mgr", Role.MANAGER);
        HindsightUser owner = users.create("off-owner", zone, Role.RESPONDER);
        String key = incidents.create(manager, new NewIncident("No mail", Severity.SEV3, IncidentStatus.INVESTIGATING,
                clock.instant().minusSeconds(86_400), null, null, null, List.of(), null));
        actions.create(manager, IncidentKey.parse(key).orElseThrow(), new ActionFields("Due today", null,
                ActionType.CORRECTIVE, ActionCategory.values()[0], owner.getUsername(),
                ZonedDateTime.now(clock.withZone(zone)).toLocalDate(), ActionPriority.MEDIUM, ActionStatus.OPEN,
                null, null, 0));

        job.run();
        assertThat(job.decide()).isZero();
        assertThat(worker.deliverDue()).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM email_delivery WHERE user_id IN (?, ?)", Integer.class,
                owner.getId(), manager.getId())).isZero();
    }

    @Test
    void theAdminPageSaysEmailIsOffAndATestEmailIsAnsweredSo() throws Exception {
        HindsightUser admin = users.create("off-admin", Role.ADMIN);
        Document page = page(admin);
        assertThat(page.getElementById("email-state").text()).startsWith("Email is off: no SMTP server is configured.")
                .contains("SPRING_MAIL_HOST");
        assertThat(page.select("#email-test button[type=submit]").hasAttr("disabled")).isTrue();
        int before = jdbc.queryForObject("SELECT COUNT(*) FROM email_delivery WHERE kind = 'TEST'", Integer.class);

        // the button is disabled, but a form sent anyway (an old page) is answered with the reason (shown on the
        // page the browser is sent back to), not failed and not queued
        Flash answer = (Flash) mvc.perform(post("/admin/email/test").param("to", "ops@example.net")
                .with(user(admin)).with(csrf())).andExpect(status().isFound())
                .andExpect(redirectedUrl("/admin/email")).andReturn().getFlashMap().get(Flash.ATTRIBUTE);
        assertThat(answer.kind()).isEqualTo("error");
        assertThat(messages.getMessage(answer.code(), answer.args(), Locale.ENGLISH))
                .isEqualTo("Email is off: no SMTP server is configured.");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM email_delivery WHERE kind = 'TEST'", Integer.class))
                .isEqualTo(before);
    }

    private Document page(HindsightUser who) throws Exception {
        return Jsoup.parse(mvc.perform(get("/admin/email").with(user(who))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());
    }

    /** A zone where it is about 15:00 now (past 09:00, before midnight). */
    private ZoneId afternoonZone() {
        int hours = 15 - clock.instant().atZone(ZoneId.of("UTC")).getHour();
        // offsets run from UTC-12 to UTC+14: from 00:00 to 00:59 UTC it is 15:00 yesterday at UTC-9, not UTC+15
        if (hours > 14) {
            hours -= 24;
        }
        return hours == 0 ? ZoneId.of("Etc/UTC") : ZoneId.of("Etc/GMT" + (hours > 0 ? "-" : "+") + Math.abs(hours));
    }
}
