package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.hindsight.support.AppProcess;
import org.hindsight.support.Nginx;
import org.hindsight.support.PostgresDatabase;
import org.hindsight.support.TimelineLoad;
import org.hindsight.support.WebClient;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the packaged jar on one PostgreSQL database behind nginx, configured by the repository's own
 * {@code deploy/nginx/hindsight.conf} (round robin): everything a user does goes through nginx and so alternates
 * between the instances, and nginx's access log says which instance answered. Sign-in with the form and pages,
 * forms, API posts with Basic and tokens, live updates, the sign-in lock, and last one instance killed with
 * SIGKILL under load. PostgreSQL only (H2 is for one instance): runs when {@code HINDSIGHT_TEST_PG_URL} is set.
 */
@Tag("processes")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralInstancesProcessTest {

    private static final String ADMIN_PASSWORD = "instances-admin-" + Long.toString(System.nanoTime(), 36);
    private static final Duration LOAD_TIME = Duration.ofMinutes(6);

    private PostgresDatabase database;
    private AppProcess one;
    private AppProcess two;
    private Nginx nginx;
    private String token;

    @BeforeAll
    void startTwoInstancesBehindNginx(@TempDir java.nio.file.Path work) {
        String testUrl = System.getProperty("hindsight.test.pg.url", "");
        assumeTrue(testUrl.startsWith("jdbc:postgresql:"),
                "several instances need PostgreSQL: runs when HINDSIGHT_TEST_PG_URL is set");
        database = PostgresDatabase.create(testUrl, System.getProperty("hindsight.test.pg.user", "postgres"),
                System.getProperty("hindsight.test.pg.password", ""), "hs_instances");
        Map<String, String> environment = Map.of(
                "SPRING_PROFILES_ACTIVE", "postgres",
                "HINDSIGHT_DB_URL", database.url(),
                "HINDSIGHT_DB_USER", database.user(),
                "HINDSIGHT_DB_PASSWORD", database.password(),
                "HINDSIGHT_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "SERVER_FORWARD_HEADERS_STRATEGY", "native");
        // both at once on the empty database, as a deployment starts them: one migrates, one creates the admin
        var first = CompletableFuture.supplyAsync(() -> AppProcess.start("instance-1", work, environment));
        var second = CompletableFuture.supplyAsync(() -> AppProcess.start("instance-2", work, environment));
        one = first.join();
        two = second.join();
        nginx = Nginx.start(one.port(), two.port());
        // set-up, not under test: the admin's API token, made on instance 1 directly
        WebClient admin = WebClient.browser(one.baseUrl());
        assertThat(admin.signIn("admin", ADMIN_PASSWORD)).isEqualTo("/");
        token = admin.createApiToken("several instances");
    }

    @AfterAll
    void stopEverything() {
        for (AutoCloseable closeable : new AutoCloseable[] {nginx, one, two, database}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                System.err.println("Could not close " + closeable + ": " + e); // and go on closing the others
            }
        }
    }

    @Test
    @Order(1)
    void signsInWithTheFormAndViewsTwentyPagesServedByBothInstances() {
        WebClient browser = WebClient.browser(nginx.baseUrl());
        int from = nginx.accessLog().size();
        assertThat(browser.signIn("admin", ADMIN_PASSWORD)).as("signed in through nginx").isEqualTo("/");
        List<String> pages = List.of("/incidents", "/actions", "/actions/mine", "/profile", "/incidents/new",
                "/admin/users", "/postmortem-templates", "/incidents/import", "/admin/due-dates", "/admin/users/new");
        for (int i = 0; i < 20; i++) {
            Document page = browser.page(pages.get(i % pages.size()));
            assertThat(page.select("form[action$=\"/logout\"]")).as("signed in on %s", page.location()).isNotEmpty();
        }
        assertThat(instancesThatAnswered(from, "GET /", 200)).as("pages answered by both instances")
                .containsExactlyInAnyOrder(one.port(), two.port());
    }

    @Test
    @Order(2)
    void declaresAnIncidentAndEditsItThroughTheForms() {
        WebClient browser = signedIn();
        Map<String, String> declare = WebClient.fields(browser.page("/incidents/new"), "form[action$=\"/incidents\"]");
        declare.put("title", "Declared behind nginx");
        declare.put("impact", "Checkout slow for some users");
        HttpResponse<String> declared = browser.postForm("/incidents", declare);
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(302);
        String path = URI.create(declared.headers().firstValue("Location").orElseThrow()).getPath();
        assertThat(path).matches("/incidents/INC-\\d+");
        assertThat(browser.page(path).select("h1").text()).contains("Declared behind nginx");

        Document edit = browser.page(path + "/edit");
        Map<String, String> changes = WebClient.fields(edit, "form[action$=\"" + path + "\"]");
        assertThat(changes).containsKey("_csrf");
        changes.put("title", "Declared and edited behind nginx");
        HttpResponse<String> saved = browser.postForm(path, changes);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
        assertThat(saved.headers().firstValue("Location").orElseThrow()).endsWith(path);
        // round robin alternates, but an instance nginx counted as failed a moment ago (a keep-alive connection the
        // instance closed) is skipped for a while: up to ten views, each showing the edit, until both have answered
        int from = nginx.accessLog().size();
        for (int i = 0; i < 10 && instancesThatAnswered(from, "GET " + path, 200).size() < 2; i++) {
            assertThat(browser.page(path).select("h1").text()).contains("Declared and edited behind nginx");
        }
        assertThat(instancesThatAnswered(from, "GET " + path, 200)).as("the edit seen on both instances")
                .containsExactlyInAnyOrder(one.port(), two.port());
    }

    @Test
    @Order(3)
    void postsFromSixteenBasicAndSixteenTokenClientsAreAllTakenAndStoredOnce() {
        String key = newIncident("Posts through both instances");
        int from = nginx.accessLog().size();
        TimelineLoad load = TimelineLoad.start(clients(), key, "both-instances", 20, LOAD_TIME, false)
                .await(LOAD_TIME.plusMinutes(1));
        assertThat(load.failures()).as("refused or failed posts").isEmpty();
        assertThat(load.acknowledgedCount()).isEqualTo(32 * 20);
        Map<String, Integer> occurrences = load.occurrences(api(), key);
        assertThat(load.lost(occurrences)).as("acknowledged, not stored").isEmpty();
        assertThat(TimelineLoad.duplicated(occurrences)).as("stored twice").isEmpty();
        assertThat(occurrences).hasSize(32 * 20);
        assertThat(instancesThatAnswered(from, "POST /api/incidents/" + key + "/timeline", 201))
                .containsExactlyInAnyOrder(one.port(), two.port());
    }

    @Test
    @Order(4)
    void aLiveViewSeesAnEventLoggedThroughTheOtherInstance() {
        WebClient browser = signedIn();
        String key = newIncident("Live across instances");
        Element timeline = browser.page("/incidents/" + key).getElementById("timeline");
        assertThat(timeline).isNotNull();
        long revision = Long.parseLong(timeline.attr("data-revision"));
        String changes = URI.create(timeline.attr("data-changes-url")).getPath();
        assertThat(browser.get(changes + "?since=" + revision, Map.of("HX-Request", "true")).statusCode())
                .as("nothing new yet").isEqualTo(204);

        int from = nginx.accessLog().size();
        HttpResponse<String> posted = api().postJson("/api/incidents/" + key + "/timeline",
                "{\"text\":\"Rolled back the config push\",\"kind\":\"ACTION\"}");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
        int postedBy = instancesThatAnswered(from, "POST /api/incidents/" + key, 201, 1).iterator().next();
        from = nginx.accessLog().size();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> live = browser.get(changes + "?since=" + revision, Map.of("HX-Request", "true"));
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).contains("Rolled back the config push");
            assertThat(Long.parseLong(live.headers().firstValue("X-Timeline-Revision").orElseThrow()))
                    .isGreaterThan(revision);
        }
        assertThat(instancesThatAnswered(from, "GET " + changes, 200, 2)).as("the live view asked both instances")
                .contains(otherThan(postedBy));
    }

    @Test
    @Order(5)
    void fiveWrongPasswordsSpreadOverBothInstancesLockTheAccountFourDoNot() {
        String locked = newUser("lockme");
        String notYet = newUser("fourwrong");
        int from = nginx.accessLog().size();
        for (int i = 1; i <= 5; i++) {
            assertThat(wrongPasswordThroughNginx(locked, i)).as("wrong password %d", i).isEqualTo("/login?error");
        }
        assertThat(instancesThatAnswered(from, "POST /login", 302)).as("the failures reached both instances")
                .containsExactlyInAnyOrder(one.port(), two.port());
        WebClient browser = WebClient.browser(nginx.baseUrl());
        assertThat(browser.signIn(locked, ADMIN_PASSWORD)).as("the right password after 5 failures")
                .isEqualTo("/login?locked");
        assertThat(browser.page("/login?locked").text()).contains("Too many failed sign-ins");
        // the same right password on the other instance: locked there too
        assertThat(WebClient.browser(nginx.baseUrl()).signIn(locked, ADMIN_PASSWORD)).isEqualTo("/login?locked");

        for (int i = 1; i <= 4; i++) {
            assertThat(wrongPasswordThroughNginx(notYet, i)).isEqualTo("/login?error");
        }
        assertThat(WebClient.browser(nginx.baseUrl()).signIn(notYet, ADMIN_PASSWORD)).as("4 failures do not lock")
                .isEqualTo("/");
    }

    @Test
    @Order(99)
    void nginxRoutesAroundAnInstanceKilledUnderLoadAndNoAcknowledgedPostIsLost() {
        String key = newIncident("One instance dies");
        WebClient browser = signedIn();
        TimelineLoad load = TimelineLoad.start(clients(), key, "failover", 25, LOAD_TIME, false);
        assertThat(load.awaitAcknowledged(200, LOAD_TIME)).as("posting: %s", load.failures()).isTrue();
        two.kill();
        load.await(LOAD_TIME.plusMinutes(1));

        // a request in flight at the dead instance fails (502: nginx does not send a POST twice); nothing else
        List<TimelineLoad.Failure> failures = load.failures();
        assertThat(failures).as("only requests in flight at the kill failed").allMatch(f -> f.status() == 502);
        Map<Integer, Long> failuresPerClient = failures.stream()
                .collect(Collectors.groupingBy(TimelineLoad.Failure::client, Collectors.counting()));
        assertThat(failuresPerClient.values()).as("at most one failed request per client").allMatch(n -> n == 1);
        assertThat(load.acknowledgedCount() + failures.size()).as("every client made all its posts")
                .isEqualTo(32 * 25);

        Map<String, Integer> occurrences = load.occurrences(api(), key);
        System.out.println("Killed " + two.name() + " under load: " + load.acknowledgedCount() + " acknowledged, "
                + failures.size() + " failed " + failures + ", " + occurrences.size() + " stored");
        assertThat(load.lost(occurrences)).as("acknowledged, not stored").isEmpty();
        assertThat(TimelineLoad.duplicated(occurrences)).as("stored twice").isEmpty();
        assertThat(occurrences.size()).isBetween(load.acknowledgedCount(), load.acknowledgedCount() + failures.size());
        // the signed-in user goes on working, on the instance that is left
        assertThat(browser.page("/incidents/" + key).text()).contains("One instance dies");
        assertThat(one.errorLines()).as("errors on the surviving instance").isEmpty();
    }

    // ---- helpers

    private WebClient signedIn() {
        WebClient browser = WebClient.browser(nginx.baseUrl());
        assertThat(browser.signIn("admin", ADMIN_PASSWORD)).isEqualTo("/");
        return browser;
    }

    private WebClient api() {
        return WebClient.bearer(nginx.baseUrl(), token);
    }

    /** 16 clients with HTTP Basic (the admin) and 16 with the admin's token, all through nginx. */
    private List<WebClient> clients() {
        return Stream.concat(
                IntStream.range(0, 16).mapToObj(i -> WebClient.basic(nginx.baseUrl(), "admin", ADMIN_PASSWORD)),
                IntStream.range(0, 16).mapToObj(i -> WebClient.bearer(nginx.baseUrl(), token))).toList();
    }

    private String newIncident(String title) {
        HttpResponse<String> created = api().postJson("/api/incidents",
                "{\"title\":\"" + title + "\",\"severity\":\"SEV2\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
    }

    /** A viewer made by the admin on instance 1 directly (set-up), with the admin's password as its own. */
    private String newUser(String base) {
        WebClient admin = WebClient.browser(one.baseUrl());
        assertThat(admin.signIn("admin", ADMIN_PASSWORD)).isEqualTo("/");
        String username = base + Long.toString(System.nanoTime() % 1_000_000, 36);
        Map<String, String> fields = WebClient.fields(admin.page("/admin/users/new"), "form[action$=\"/admin/users\"]");
        fields.putAll(Map.of("username", username, "displayName", "User " + username, "email",
                username + "@example.com", "timeZone", "UTC", "roles", "VIEWER", "password", ADMIN_PASSWORD));
        HttpResponse<String> created = admin.postForm("/admin/users", fields);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        return username;
    }

    /**
     * One failed sign-in through nginx from a new browser (GET /login, then POST). Each attempt is two requests,
     * so under round robin every POST would reach the same instance: every other attempt first asks for the
     * style sheet, and the failures alternate between the instances.
     */
    private String wrongPasswordThroughNginx(String username, int attempt) {
        WebClient browser = WebClient.browser(nginx.baseUrl());
        if (attempt % 2 == 0) {
            assertThat(browser.get("/css/hindsight.css").statusCode()).isEqualTo(200);
        }
        return browser.signIn(username, "wrong-password-" + attempt);
    }

    /**
     * The ports of the instances that answered requests logged by nginx since line {@code from}, whose method and
     * URI start with {@code request} and whose status is {@code status}.
     */
    private Set<Integer> instancesThatAnswered(int from, String request, int status) {
        return instancesThatAnswered(from, request, status, 0);
    }

    /**
     * The instances that answered {@code request} with {@code status} since line {@code from} of nginx's access
     * log, once it holds at least {@code requests} such lines (nginx writes a line after it has sent the response,
     * so the client may read the answer first; waited for at most 5 s).
     */
    private Set<Integer> instancesThatAnswered(int from, String request, int status, int requests) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (true) {
            List<String> lines = nginx.accessLog();
            Set<Integer> ports = new TreeSet<>();
            int matching = 0;
            for (String line : lines.subList(from, lines.size())) {
                // method|uri|status|upstream addresses tried, comma-separated|their statuses
                String[] parts = line.split("\\|");
                if ((parts[0] + " " + parts[1]).startsWith(request) && parts[2].equals(Integer.toString(status))) {
                    String[] tried = parts[3].split(", ");
                    String last = tried[tried.length - 1];
                    ports.add(Integer.parseInt(last.substring(last.lastIndexOf(':') + 1)));
                    matching++;
                }
            }
            if (matching >= requests || System.nanoTime() > deadline) {
                return ports;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ports;
            }
        }
    }

    private int otherThan(int port) {
        return port == one.port() ? two.port() : one.port();
    }
}
