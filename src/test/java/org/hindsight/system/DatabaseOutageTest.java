package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.support.TcpProxy;
import org.hindsight.support.TestDatabaseConfig;
import org.hindsight.support.TestUsers;
import org.hindsight.user.ApiTokenService;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The database goes away for real while the application runs on PostgreSQL: the application reaches it through a
 * TCP relay that the test cuts (every connection reset, new ones refused) and restores. Meanwhile the API answers
 * 503 problem details with {@code Retry-After}, pages the 503 page, health DOWN, each within 5 seconds, a request
 * that was waiting inside the database included; sign-ins refused for the outage lock nobody out. Afterwards the
 * same application serves again without a restart. Runs in the PostgreSQL run only (H2 is embedded in the process).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@ActiveProfiles("test")
@Tag("db")
@Import({TestDatabaseConfig.class, TestUsers.class})
@EnabledIfSystemProperty(named = "hindsight.test.database", matches = "postgres")
@DirtiesContext // its database address is the relay, gone after the class: no cached context keeps trying it
class DatabaseOutageTest {

    private static final Duration LIMIT = Duration.ofSeconds(5);
    private static TcpProxy proxy;

    @DynamicPropertySource
    static void throughTheProxy(DynamicPropertyRegistry registry) throws IOException {
        URI database = URI.create(System.getProperty("spring.datasource.url").substring("jdbc:".length()));
        proxy = new TcpProxy(database.getHost(), database.getPort() < 0 ? 5432 : database.getPort());
        String proxied = "jdbc:postgresql://127.0.0.1:" + proxy.port() + database.getRawPath()
                + (database.getRawQuery() == null ? "" : "?" + database.getRawQuery());
        registry.add("spring.datasource.url", () -> proxied);
    }

    @AfterAll
    static void closeProxy() throws IOException {
        proxy.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    ApiTokenService tokens;

    /** A browser, with its session cookie. */
    private final HttpClient browser = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    /** A script: no cookies, credentials on every request. */
    private final HttpClient script = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private record Answer(int status, String contentType, String retryAfter, String body, Duration took) {
    }

    private Answer send(HttpRequest.Builder request) throws Exception {
        HttpRequest built = request.timeout(Duration.ofSeconds(20)).build();
        return send(built, built.headers().firstValue("Authorization").isPresent() ? script : browser);
    }

    private static Answer send(HttpRequest built, HttpClient client) throws Exception {
        Instant start = Instant.now();
        HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Retry-After").orElse(null), response.body(),
                Duration.between(start, Instant.now()));
    }

    /** As a browser asks for a page. */
    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    }

    private HttpRequest.Builder api(String path, HindsightUser user) {
        String basic = Base64.getEncoder().encodeToString((user.getUsername() + ":" + TestUsers.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + basic);
    }

    private void signIn(HindsightUser user) throws Exception {
        String csrf = Jsoup.parse(send(request("/login")).body()).select("input[name=_csrf]").attr("value");
        String form = "username=" + URLEncoder.encode(user.getUsername(), StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(TestUsers.PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + csrf;
        Answer signedIn = send(request("/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(signedIn.status()).isEqualTo(302);
    }

    private static void assertApiOutage(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(503);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).contains("\"title\":\"Database unavailable\"").contains("\"status\":503");
        assertThat(answer.retryAfter()).isNotNull();
        assertThat(answer.took()).as("answered within " + LIMIT).isLessThan(LIMIT);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void anOutageIsA503WithinFiveSecondsAndTheApplicationRecoversByItself() throws Exception {
        HindsightUser responder = users.create("outage", Role.RESPONDER);
        HindsightUser manager = users.create("outage-manager", Role.MANAGER);
        String key = incidents.create(manager, new NewIncident("Outage " + TestUsers.unique("o"), Severity.SEV2, null,
                Instant.parse("2024-05-12T09:00:00Z"), null, null, null, List.of(), null));
        signIn(responder);
        String token = tokens.create(responder.getId(), "outage").value();
        assertThat(send(api("/api/incidents/" + key, responder)).status()).isEqualTo(200);
        assertThat(send(request("/incidents")).status()).isEqualTo(200);

        try (Connection direct = DriverManager.getConnection(System.getProperty("spring.datasource.url"),
                System.getProperty("spring.datasource.username", "postgres"),
                System.getProperty("spring.datasource.password", ""))) {
            // a change that waits inside the database (on a row lock held here) when the database goes away
            direct.setAutoCommit(false);
            try (Statement lock = direct.createStatement()) {
                lock.execute("select * from incident where id = " + incidents.idOf(key) + " for update");
            }
            long version = incidents.details(key).version();
            CompletableFuture<Answer> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return send(api("/api/incidents/" + key, manager).header("Content-Type", "application/json")
                            .method("PATCH", HttpRequest.BodyPublishers.ofString(
                                    "{\"title\":\"Written during the outage\",\"version\":" + version + "}")));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitLockWait(direct, waiting);

            Instant cut = Instant.now();
            proxy.cut();

            Answer inFlight = waiting.get(20, TimeUnit.SECONDS);
            Duration afterCut = Duration.between(cut, Instant.now());
            assertThat(inFlight.status()).as(inFlight.body()).isEqualTo(503);
            assertThat(inFlight.body()).contains("\"title\":\"Database unavailable\"");
            assertThat(afterCut).as("answered within " + LIMIT + " of the cut").isLessThan(LIMIT);
            direct.rollback();

            // new requests: a read, a write, a page, health
            assertApiOutage(send(api("/api/incidents", responder)));
            assertApiOutage(send(api("/api/incidents", responder).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"During\",\"severity\":\"SEV3\"}"))));
            Answer page = send(request("/incidents/" + key));
            assertThat(page.status()).isEqualTo(503);
            assertThat(page.contentType()).startsWith("text/html");
            assertThat(Jsoup.parse(page.body()).select("main h1").text()).isEqualTo("Database unavailable");
            assertThat(page.retryAfter()).isNotNull();
            assertThat(page.took()).isLessThan(LIMIT);
            // as a load balancer asks: no cookie, no credentials
            Answer health = send(request("/actuator/health").timeout(Duration.ofSeconds(20)).build(), script);
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.body()).contains("DOWN");
            assertThat(health.took()).isLessThan(LIMIT);
            // a token (looked up before any controller), and signing in on the sign-in page (not "wrong password")
            assertApiOutage(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/incidents"))
                    .header("Authorization", "Bearer " + token)));
            HttpClient newBrowser = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
            String csrf = Jsoup.parse(send(request("/login").timeout(Duration.ofSeconds(20)).build(), newBrowser).body())
                    .select("input[name=_csrf]").attr("value");
            Answer signingIn = send(request("/login").timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + responder.getUsername() + "&password="
                            + URLEncoder.encode(TestUsers.PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + csrf))
                    .build(), newBrowser);
            assertThat(signingIn.status()).isEqualTo(503);
            assertThat(Jsoup.parse(signingIn.body()).select("main h1").text()).isEqualTo("Database unavailable");
            assertThat(signingIn.took()).isLessThan(LIMIT);

            // as many sign-ins as lock an account when they fail: the outage is no failed sign-in
            for (int i = 0; i < 5; i++) {
                assertApiOutage(send(api("/api/incidents", manager)));
            }
            System.out.printf("outage: in-flight PATCH answered %d ms after the cut; API %d ms, page %d ms, health %d ms%n",
                    afterCut.toMillis(), send(api("/api/incidents", responder)).took().toMillis(),
                    page.took().toMillis(), health.took().toMillis());
        } finally {
            proxy.restore();
        }

        // back without a restart: the same session, the same accounts (none locked by the outage)
        Instant restored = Instant.now();
        Answer api = send(api("/api/incidents/" + key, manager));
        while (api.status() != 200 && Duration.between(restored, Instant.now()).toSeconds() < 30) {
            Thread.sleep(200);
            api = send(api("/api/incidents/" + key, manager));
        }
        assertThat(api.status()).as(api.body()).isEqualTo(200);
        System.out.printf("recovered %d ms after the database came back%n",
                Duration.between(restored, Instant.now()).toMillis());
        assertThat(api.body()).doesNotContain("Written during the outage");
        assertThat(send(request("/incidents/" + key)).status()).isEqualTo(200);
        assertThat(send(api("/api/incidents", responder)).status()).isEqualTo(200);
        assertThat(send(request("/actuator/health").timeout(Duration.ofSeconds(20)).build(), script).status())
                .isEqualTo(200);
    }

    /** Until the application's PATCH waits for the row lock held by {@code direct} (at most 10 s). */
    private static void awaitLockWait(Connection direct, CompletableFuture<Answer> request) throws Exception {
        Instant until = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(until)) {
            if (request.isDone()) {
                Answer early = request.get();
                throw new AssertionError("The PATCH did not wait: " + early.status() + " " + early.body());
            }
            try (Statement query = direct.createStatement(); ResultSet waiting = query.executeQuery(
                    "select count(*) from pg_stat_activity where datname = current_database() "
                            + "and wait_event_type = 'Lock' and pid <> pg_backend_pid()")) {
                waiting.next();
                if (waiting.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("The PATCH never waited for the lock");
    }
}
