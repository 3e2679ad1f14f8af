package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.hindsight.support.SessionRows;
import org.hindsight.support.TestDatabaseConfig;
import org.hindsight.support.TestUsers;
import org.hindsight.support.WebClient;
import org.hindsight.user.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.test.context.ActiveProfiles;

/**
 * A signed-in session's last access is written back at most about once a minute: page views in between leave its
 * row alone (no write, no row lock for the session's other requests to wait for), a view a minute after the last
 * write moves it and the expiry with it, and a sign-in (a new session id, a user) is written at once, also a second
 * one as the same user; a timeout shorter than ten minutes writes it after a tenth of the timeout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@ActiveProfiles("test")
@Tag("db")
@Import({TestDatabaseConfig.class, TestUsers.class})
class SessionLastAccessTest {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JdbcIndexedSessionRepository sessions;

    @Test
    void pageViewsWithinAMinuteLeaveTheSessionRowAloneAndALaterOneMovesIt() {
        String reader = users.create("last-access-reader", Role.VIEWER).getUsername();
        WebClient browser = WebClient.browser("http://127.0.0.1:" + port);
        assertThat(browser.signIn(reader, TestUsers.PASSWORD)).isEqualTo("/");
        Map<String, Object> signedIn = row(reader);

        for (int view = 0; view < 3; view++) {
            pause();
            assertThat(browser.get("/incidents").statusCode()).isEqualTo(200);
        }
        assertThat(row(reader)).as("three views within a minute of the sign-in write nothing").isEqualTo(signedIn);

        SessionRows rows = new SessionRows(jdbc);
        long halfAMinuteBack = rows.setLastAccessBack(reader, 30_000);
        assertThat(browser.get("/incidents").statusCode()).isEqualTo(200);
        assertThat(rows.lastAccess(reader)).as("30 s after the last write").isEqualTo(halfAMinuteBack);

        long minuteBack = rows.setLastAccessBack(reader, 40_000);
        long beforeView = System.currentTimeMillis();
        assertThat(browser.get("/incidents").statusCode()).isEqualTo(200);
        Map<String, Object> written = row(reader);
        assertThat((Long) written.get("last_access_time")).as("70 s after the last write")
                .isGreaterThan(minuteBack).isGreaterThanOrEqualTo(beforeView - 1_000);
        assertThat((Long) written.get("expiry_time")).as("the expiry moves with it")
                .isEqualTo((Long) written.get("last_access_time")
                        + ((Number) written.get("max_inactive_interval")).longValue() * 1000);
    }

    @Test
    void aSignInShortlyAfterTheSessionBeganIsWrittenAtOnce() {
        String responder = users.create("last-access-responder", Role.RESPONDER).getUsername();
        WebClient browser = WebClient.browser("http://127.0.0.1:" + port);
        // the sign-in page starts a session (its form's token); the sign-in, a moment later, gives it a new id and
        // a user: both must be written although the last access moved by milliseconds
        assertThat(browser.signIn(responder, TestUsers.PASSWORD)).isEqualTo("/");
        assertThat(row(responder).get("principal_name")).isEqualTo(responder);

        HttpResponse<String> page = browser.get("/incidents");
        assertThat(page.statusCode()).as("still signed in with the new session id").isEqualTo(200);
        assertThat(page.body()).contains(responder);
    }

    /** A second sign-in as the same user (a stale sign-in tab) changes only the session's id: it is written. */
    @Test
    void aNewIdForTheSameUserIsWrittenAtOnce() {
        Session session = store().createSession();
        session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "same-user");
        store().save(session);
        String first = session.getId();

        Session loaded = store().findById(first);
        String second = loaded.changeSessionId();
        store().save(loaded);

        assertThat(store().findById(second)).as("found by its new id").isNotNull();
        assertThat(store().findById(first)).as("the old id").isNull();
    }

    /** With a timeout shorter than ten minutes, the last access is written once it is a tenth of it old. */
    @Test
    void aShortTimeoutWritesTheLastAccessAfterATenthOfIt() {
        Session session = store().createSession();
        session.setMaxInactiveInterval(Duration.ofMinutes(5));
        store().save(session);
        String id = session.getId();
        long stored = storedLastAccess(id);

        Session twentySecondsOn = store().findById(id);
        twentySecondsOn.setLastAccessedTime(Instant.ofEpochMilli(stored).plusSeconds(20));
        store().save(twentySecondsOn);
        assertThat(storedLastAccess(id)).as("20 s of a 30 s tenth").isEqualTo(stored);

        Session fortySecondsOn = store().findById(id);
        fortySecondsOn.setLastAccessedTime(Instant.ofEpochMilli(stored).plusSeconds(40));
        store().save(fortySecondsOn);
        assertThat(storedLastAccess(id)).as("40 s: past the tenth").isEqualTo(stored + 40_000);
        assertThat(jdbc.queryForObject("select expiry_time from spring_session where session_id = ?", Long.class, id))
                .isEqualTo(stored + 40_000 + 300_000);
    }

    /** The application's session store as its interface (its session class is not public). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private SessionRepository<Session> store() {
        return (SessionRepository) sessions;
    }

    private long storedLastAccess(String sessionId) {
        return jdbc.queryForObject("select last_access_time from spring_session where session_id = ?", Long.class,
                sessionId);
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> row(String username) {
        return jdbc.queryForMap("select session_id, last_access_time, expiry_time, max_inactive_interval,"
                + " principal_name from spring_session where principal_name = ?", username);
    }
}
