package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.support.DatabaseLocks;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A page's form that meets a row held elsewhere (an operator's open transaction, a stuck instance) is answered within
 * {@code hindsight.database.lock-timeout} on H2 and PostgreSQL alike, never left waiting for as long as the lock is
 * held (PostgreSQL's default) and never the 500 page: 503 with Retry-After, nothing saved, and what was typed offered
 * to send again as it was, except a password, which is never written back into a page.
 */
@DatabaseTest
@TestPropertySource(properties = "hindsight.database.lock-timeout=2s")
class BusyPagesTest {

    private static final String TITLE = "Alert on 5xx above 1% for checkout";
    private static final String DETAILS = "Use **canary** checks <script>alert(1)</script> & \"quotes\"";

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aFormBehindALockHeldElsewhereIsBusyWithinTheLimitAndCanBeSentAgainAsTyped() throws Exception {
        HindsightUser manager = users.create("busy-manager", Role.MANAGER);
        String key = incidents.create(manager, new NewIncident("Held by an operator", Severity.SEV2, null,
                Instant.parse("2024-05-12T09:00:00Z"), null, null, null, List.of(), null));
        long incidentId = incidents.idOf(key);

        MockHttpServletResponse answer = whileHeld("update incident set title = title where id = ?", incidentId,
                () -> mvc.perform(addItem(key, manager)).andReturn().getResponse());

        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(answer.getHeader("Retry-After")).isEqualTo("2");
        Document page = Jsoup.parse(answer.getContentAsString());
        assertThat(page.selectFirst("h1").text()).isEqualTo("Busy: not saved");
        assertThat(page.text()).contains("nothing was saved");
        assertThat(jdbc.queryForObject("select count(*) from action_item where incident_id = ?", Integer.class,
                incidentId)).as("nothing saved").isZero();

        Element resend = page.getElementById("busy-resend");
        assertThat(resend).as("the form to send again").isNotNull();
        assertThat(resend.attr("action")).isEqualTo("/incidents/" + key + "/actions");
        assertThat(resend.attr("method")).isEqualTo("post");
        assertThat(resend.select("input[name=title]").val()).isEqualTo(TITLE);
        assertThat(resend.select("input[name=details]").val()).isEqualTo(DETAILS);
        assertThat(resend.select("input[name=_csrf]")).as("one fresh CSRF token, not the old one as well").hasSize(1);
        assertThat(answer.getContentAsString()).as("typed text escaped").doesNotContain("<script>alert(1)</script>");

        // the lock is gone: "Send again" posts exactly the fields the page holds, and the item is saved once
        MockHttpServletRequestBuilder again = MockMvcRequestBuilders.post(resend.attr("action")).with(user(manager))
                .with(csrf());
        for (Element field : resend.select("input[type=hidden]")) {
            if (!field.attr("name").equals("_csrf")) {
                again.param(field.attr("name"), field.val());
            }
        }
        assertThat(mvc.perform(again).andReturn().getResponse().getStatus()).isEqualTo(302);
        assertThat(jdbc.queryForList("select title from action_item where incident_id = ?", String.class,
                incidentId)).containsExactly(TITLE);
        assertThat(jdbc.queryForObject("select details from action_item where incident_id = ?", String.class,
                incidentId)).isEqualTo(DETAILS);
    }

    @Test
    void aPasswordChangeBehindALockIsBusyWithoutEchoingThePasswords() throws Exception {
        HindsightUser me = users.create("busy-password", Role.VIEWER);
        String fresh = "a-new-password-nobody-sees";

        MockHttpServletResponse answer = whileHeld("update app_user set display_name = display_name where id = ?",
                me.getId(), () -> mvc.perform(MockMvcRequestBuilders.post("/profile/password").with(user(me))
                        .with(csrf()).param("currentPassword", TestUsers.PASSWORD).param("newPassword", fresh)
                        .param("confirmPassword", fresh)).andReturn().getResponse());

        assertThat(answer.getStatus()).isEqualTo(503);
        String html = answer.getContentAsString();
        assertThat(html).doesNotContain(fresh).doesNotContain(TestUsers.PASSWORD);
        Document page = Jsoup.parse(html);
        assertThat(page.getElementById("busy-resend")).isNull();
        assertThat(page.text()).contains("Go back: your browser kept what you typed.");
    }

    /**
     * PostgreSQL: a search held up by a table lock (an operator's {@code LOCK TABLE}) gives up after the lock limit
     * and is the busy page with Try again, not the error page: the search's own queries are not a repository's, and
     * their lock error was a 500 until the search translated it. (H2 reads past a table lock.)
     */
    @Test
    void aSearchBehindATableLockIsBusyNotAnError() throws Exception {
        String product = jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName());
        org.junit.jupiter.api.Assumptions.assumeTrue("PostgreSQL".equals(product), "H2 reads past a table lock");
        HindsightUser viewer = users.create("busy-searcher", Role.VIEWER);
        MockHttpServletResponse answer = new TransactionTemplate(transactions).execute(status -> {
            jdbc.execute("LOCK TABLE incident IN ACCESS EXCLUSIVE MODE");
            try {
                long start = System.nanoTime();
                Future<MockHttpServletResponse> sent = pool.submit(() -> mvc.perform(
                        MockMvcRequestBuilders.get("/incidents?q={q}", "\"error rate\" -checkout").with(user(viewer)))
                        .andReturn().getResponse());
                MockHttpServletResponse response = sent.get(30, TimeUnit.SECONDS);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered within the lock limit")
                        .isLessThan(Duration.ofSeconds(8));
                return response;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(answer.getHeader("Retry-After")).isNotBlank();
        Element retry = Jsoup.parse(answer.getContentAsString()).getElementById("busy-retry");
        assertThat(retry.attr("href")).startsWith("/incidents?q=");
    }

    /**
     * Holds the row (an UPDATE in a transaction of this thread's own), sends the request from another thread once the
     * hold is in place, and returns its answer, which must come while the row is still held and well before a lock
     * wait of H2's 10 s default: the limit of this test's context (2 s) is what answered it.
     */
    private MockHttpServletResponse whileHeld(String hold, long id, Callable<MockHttpServletResponse> request) {
        return new TransactionTemplate(transactions).execute(status -> {
            jdbc.update(hold, id);
            try {
                long start = System.nanoTime();
                Future<MockHttpServletResponse> answer = pool.submit(request);
                DatabaseLocks.awaitAnotherSessionWaitingForALock(jdbc);
                MockHttpServletResponse response = answer.get(30, TimeUnit.SECONDS);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered within the lock limit")
                        .isLessThan(Duration.ofSeconds(8));
                return response;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static MockHttpServletRequestBuilder addItem(String key, HindsightUser manager) {
        return MockMvcRequestBuilders.post("/incidents/" + key + "/actions").with(user(manager)).with(csrf())
                .param("title", TITLE).param("category", "TASK").param("type", "PREVENTIVE")
                .param("priority", "HIGH").param("status", "OPEN").param("owner", "").param("dueDate", "2030-06-01")
                .param("details", DETAILS).param("version", "0");
    }
}
