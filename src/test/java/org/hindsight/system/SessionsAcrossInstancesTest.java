package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.hindsight.support.RunningApp;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the application on one database, as behind a round-robin load balancer: a real HTTP client with
 * one cookie jar sends each request to either, and the user stays signed in whichever serves it. Runs on H2 (one
 * in-memory database for both, in this JVM) and on PostgreSQL in the {@code db} run.
 */
@Tag("db")
class SessionsAcrossInstancesTest {

    private static RunningApp a;
    private static RunningApp b;

    @BeforeAll
    static void start() {
        a = RunningApp.start("a");
        b = RunningApp.start("b");
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    /** A browser: one cookie jar for both instances (same host, other port), redirects shown rather than followed. */
    private static final class Client {

        private final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> get(RunningApp app, String path) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(app.uri(path)).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(RunningApp app, String path, Map<String, String> form)
                throws IOException, InterruptedException {
            String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                    .collect(Collectors.joining("&"));
            return http.send(HttpRequest.newBuilder(app.uri(path)).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** The page's CSRF token, as its forms carry it. */
        String csrf(RunningApp app, String path) throws IOException, InterruptedException {
            HttpResponse<String> page = get(app, path);
            assertThat(page.statusCode()).as("GET " + path).isEqualTo(200);
            return Jsoup.parse(page.body()).select("input[name=_csrf]").first().val();
        }

        /** Signs in with the sign-in page from {@code page} and the form posted to {@code post}. */
        HttpResponse<String> signIn(RunningApp page, RunningApp post, String username, String password)
                throws IOException, InterruptedException {
            String token = csrf(page, "/login");
            return post(post, "/login", Map.of("username", username, "password", password, "_csrf", token));
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }

    private static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElse("");
    }

    private static void assertSignedIn(HttpResponse<String> page, HindsightUser user, String what) {
        assertThat(page.statusCode()).as(what).isEqualTo(200);
        assertThat(Jsoup.parse(page.body()).select("form[action$=/logout]")).as(what + ": the sign-out button")
                .isNotEmpty();
        assertThat(page.body()).as(what).contains(user.getDisplayName());
    }

    private static void assertSignedOut(HttpResponse<String> page, String what) {
        assertThat(page.statusCode()).as(what).isEqualTo(302);
        assertThat(location(page)).as(what).endsWith("/login");
    }

    @Test
    void aUserSignedInThroughOneInstanceIsSignedInOnBoth() throws Exception {
        HindsightUser user = a.bean(TestUsers.class).create("roaming", Role.RESPONDER);
        Client browser = new Client();

        HttpResponse<String> signedIn = browser.signIn(a, b, user.getUsername(), TestUsers.PASSWORD);
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(location(signedIn)).as("the sign-in page came from A, the form went to B").doesNotContain("expired")
                .doesNotContain("error").endsWith("/");
        assertThat(signedIn.headers().allValues("Set-Cookie")).as("a new session id for the signed-in session")
                .anySatisfy(cookie -> assertThat(cookie).startsWith("JSESSIONID=").contains("HttpOnly")
                        .contains("SameSite=Lax"));

        for (int i = 0; i < 20; i++) {
            RunningApp app = i % 2 == 0 ? a : b;
            assertSignedIn(browser.get(app, "/incidents"), user, "view " + (i + 1) + " on " + (app == a ? "A" : "B"));
        }

        // a form from A's page, posted to B; its message after the redirect is shown by A
        String token = browser.csrf(a, "/incidents/new");
        String title = TestUsers.unique("Declared across instances");
        HttpResponse<String> created = browser.post(b, "/incidents",
                Map.of("title", title, "severity", "SEV3", "_csrf", token));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        String incident = location(created).replaceFirst("^https?://[^/]+", "");
        assertThat(incident).matches("/incidents/INC-\\d+");
        HttpResponse<String> shown = browser.get(a, incident);
        assertSignedIn(shown, user, "the new incident on A");
        Document page = Jsoup.parse(shown.body());
        assertThat(page.select("h1").text()).contains(title);
        assertThat(page.select(".flash-success").text()).as("the flash message B left in the session")
                .isEqualTo("Incident " + incident.substring("/incidents/".length()) + " declared.");
        assertThat(Jsoup.parse(browser.get(b, incident).body()).select(".flash-success")).as("shown once").isEmpty();

        // a timeline entry that would move the start, which is set already: B asks for confirmation on the next page,
        // shown by A (the question travels in the session)
        HttpResponse<String> logged = browser.post(b, incident + "/timeline", Map.of("text", "It began earlier",
                "at", "-30m", "kind", "NOTE", "keyMoment", "START", "_csrf", browser.csrf(a, incident)));
        assertThat(logged.statusCode()).as(logged.body()).isEqualTo(302);
        Document question = Jsoup.parse(browser.get(a, incident).body());
        assertThat(question.select(".pending-changes form.pending-change")).as("the confirmation B left").hasSize(1);

        // signing out through A ends the session on B too
        HttpResponse<String> signedOut = browser.post(a, "/logout", Map.of("_csrf", browser.csrf(b, "/incidents")));
        assertThat(location(signedOut)).endsWith("/login?logout");
        assertSignedOut(browser.get(b, "/incidents"), "B after signing out through A");
        assertSignedOut(browser.get(a, "/incidents"), "A after signing out through A");
    }

    @Test
    void anAccountDisabledThroughOneInstanceIsSignedOutOnTheOther() throws Exception {
        HindsightUser admin = a.bean(TestUsers.class).create("lb-admin", Role.ADMIN);
        HindsightUser user = a.bean(TestUsers.class).create("lb-leaver", Role.VIEWER);
        Client adminBrowser = new Client();
        Client userBrowser = new Client();
        assertThat(location(adminBrowser.signIn(b, a, admin.getUsername(), TestUsers.PASSWORD))).endsWith("/");
        assertThat(location(userBrowser.signIn(a, b, user.getUsername(), TestUsers.PASSWORD))).endsWith("/");
        assertSignedIn(userBrowser.get(b, "/incidents"), user, "before");

        // the admin unticks "enabled" on the account's page, served by A
        Document form = Jsoup.parse(adminBrowser.get(a, "/admin/users/" + user.getId()).body());
        Element edit = form.select("form").stream()
                .filter(f -> f.attr("action").endsWith("/admin/users/" + user.getId())).findFirst().orElseThrow();
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : edit.select("input[name], select[name]")) {
            boolean checkbox = input.attr("type").equals("checkbox");
            if (checkbox && !input.hasAttr("checked") || input.attr("name").equals("enabled")) {
                continue;
            }
            fields.put(input.attr("name"), input.is("select")
                    ? input.select("option[selected]").val() : input.val());
        }
        HttpResponse<String> saved = adminBrowser.post(a, "/admin/users/" + user.getId(), fields);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);

        assertSignedOut(userBrowser.get(b, "/incidents"), "the disabled user's next page, on B");
        assertSignedOut(userBrowser.get(a, "/incidents"), "and on A");
    }
}
