package org.hindsight.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.hindsight.support.SessionRows;
import org.hindsight.support.TestDatabaseConfig;
import org.hindsight.support.TestUsers;
import org.hindsight.support.WebClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * A signed-in browser fetches the stylesheet, the scripts and the icon with its session cookie: they are served
 * without reading the session or writing its last access back (each page view still does), with the same security
 * headers as the pages; a page keeps the session going as before.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@ActiveProfiles("test")
@Tag("db")
@Import({TestDatabaseConfig.class, TestUsers.class})
class AssetsWithoutSessionTest {

    /** Ten minutes before now, in the session table's milliseconds. */
    private static final long EARLIER = 10 * 60 * 1000L;

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void assetsLeaveTheSessionAloneAndPagesKeepItGoing() {
        String reader = users.create("asset-reader", Role.VIEWER).getUsername();
        WebClient browser = WebClient.browser("http://127.0.0.1:" + port);
        assertThat(browser.signIn(reader, TestUsers.PASSWORD)).isEqualTo("/");
        SessionRows rows = new SessionRows(jdbc);
        long before = rows.setLastAccessBack(reader, EARLIER);

        for (String asset : new String[] {"/css/hindsight.css", "/js/timeline.js", "/favicon.svg"}) {
            HttpResponse<String> answer = browser.get(asset);
            assertThat(answer.statusCode()).as(asset).isEqualTo(200);
            assertThat(answer.headers().firstValue("X-Frame-Options")).as(asset).hasValue("DENY");
            assertThat(answer.headers().firstValue("Set-Cookie")).as(asset).isEmpty();
        }
        assertThat(rows.lastAccess(reader)).as("not touched by the assets").isEqualTo(before);

        HttpResponse<String> page = browser.get("/incidents");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(rows.lastAccess(reader)).as("kept going by a page").isGreaterThan(before + EARLIER / 2);
    }
}
