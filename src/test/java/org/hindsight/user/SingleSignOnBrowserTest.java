package org.hindsight.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlContains;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlMatches;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hindsight.support.Browser;
import org.hindsight.support.OidcProvider;
import org.hindsight.support.TestDatabaseConfig;
import org.hindsight.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Single sign-on in real Chromium through a real OpenID provider ({@link OidcProvider}), with password sign-in off
 * but for the break-glass account {@code admin}. The application is reached at 127.0.0.1, as the provider allows
 * loopback redirect URIs only by IP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Tag("browser")
@Tag("db")
@Import({TestDatabaseConfig.class, TestUsers.class})
class SingleSignOnBrowserTest {

    static final OidcProvider provider = OidcProvider.start();

    private static final By TOP_BAR_NAME = By.cssSelector("header .user-menu .user-name");
    private static final By SIGN_OUT = By.xpath("//header//button[normalize-space()='Sign out']");
    private static final By SSO_BUTTON = By.id("sso");
    private static final By SSO_PROBLEM = By.id("sso-problem");

    @DynamicPropertySource
    static void singleSignOn(DynamicPropertyRegistry properties) {
        provider.configure(properties);
        properties.add("hindsight.oidc.role-mapping",
                () -> "sre-oncall:RESPONDER,eng-managers:MANAGER,platform-admins:ADMIN");
        properties.add("hindsight.password-login.enabled", () -> "false");
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @LocalServerPort
    int port;

    @Value("${hindsight.admin.password}")
    String adminPassword;

    @Autowired
    UserRepository users;

    @Autowired
    TestUsers testUsers;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transaction;

    @BeforeEach
    void appAddress() {
        provider.app(base());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    @Test
    void theFirstSignInCreatesTheAccountAndEachSignInAppliesTheGroupsSignOutEndsTheProvidersSession() {
        String username = TestUsers.unique("ada");
        provider.user(username, claims(username, "Ada Lovelace", username + "@example.com", true,
                List.of("sre-oncall", "eng-managers", "bowling-team")));

        try (Browser browser = Browser.start(base())) {
            browser.open("/login");
            assertThat(browser.find(SSO_BUTTON).getText()).isEqualTo("Sign in with Example ID");
            assertThat(browser.driver().findElements(By.id("password"))).as("password sign-in is off").isEmpty();
            signInAtProvider(browser, username);
            assertThat(browser.find(TOP_BAR_NAME).getText()).isEqualTo("Ada Lovelace");

            User created = account(username);
            assertThat(created.getRoles()).containsExactlyInAnyOrder(Role.RESPONDER, Role.MANAGER);
            assertThat(created.getZone().getId()).isEqualTo("Europe/Paris");
            assertThat(created.getEmail()).isEqualTo(username + "@example.com");
            assertThat(created.hasPassword()).isFalse();
            assertThat(audit(username)).contains("account CREATED roles", "sign-in SIGNED_IN null");

            browser.find(SIGN_OUT).click();
            browser.await().until(urlContains("/login?logout"));
            assertThat(browser.path()).isEqualTo("/login?logout");

            // the provider no longer knows this browser: it asks for the password again
            provider.user(username, claims(username, "Ada King", username + "@example.org", true,
                    List.of("sre-oncall")));
            browser.find(SSO_BUTTON).click();
            browser.await().until(urlContains(provider.issuer() + "/login"));
            signInAtProviderForm(browser, username);
            assertThat(browser.find(TOP_BAR_NAME).getText()).isEqualTo("Ada King");
        }
        User again = account(username);
        assertThat(again.getRoles()).as("eng-managers removed at the provider").containsExactly(Role.RESPONDER);
        assertThat(again.getEmail()).isEqualTo(username + "@example.org");
        assertThat(audit(username)).contains("account CHANGED roles", "account CHANGED displayName");
    }

    @Test
    void aVerifiedEmailLinksThePasswordAccountAnUnverifiedOneDoesNot() {
        HindsightUser linda = testUsers.create("linda", Role.VIEWER);
        String lindaAtProvider = TestUsers.unique("linda-idp");
        provider.user(lindaAtProvider, claims(lindaAtProvider, "Linda Linked", linda.getUsername() + "@example.com",
                true, List.of("platform-admins")));
        HindsightUser uma = testUsers.create("uma", Role.MANAGER);
        String umaAtProvider = TestUsers.unique("uma-idp");
        provider.user(umaAtProvider, claims(umaAtProvider, "Uma Unverified", uma.getUsername() + "@example.com",
                false, List.of()));

        try (Browser browser = Browser.start(base())) {
            browser.open("/login");
            signInAtProvider(browser, lindaAtProvider);
            assertThat(browser.find(TOP_BAR_NAME).getText()).isEqualTo("Linda Linked");
        }
        User linked = account(linda.getUsername());
        assertThat(linked.isLinked()).isTrue();
        assertThat(linked.getRoles()).containsExactly(Role.ADMIN);
        assertThat(users.existsByUsername(lindaAtProvider)).as("not duplicated").isFalse();
        assertThat(audit(linda.getUsername())).contains("account CHANGED singleSignOn");

        try (Browser browser = Browser.start(base())) {
            browser.open("/login");
            signInAtProvider(browser, umaAtProvider);
            assertThat(browser.find(TOP_BAR_NAME).getText()).isEqualTo("Uma Unverified");
        }
        assertThat(account(uma.getUsername()).isLinked()).as("an unverified address links nothing").isFalse();
        assertThat(account(umaAtProvider).getRoles()).as("the default role").containsExactly(Role.VIEWER);
    }

    @Test
    void aDisabledAccountStaysDisabledAndATakenUsernameIsNotTakenOver() {
        String username = TestUsers.unique("dora");
        provider.user(username, claims(username, "Dora", username + "@example.com", true, List.of("sre-oncall")));
        HindsightUser taken = testUsers.create("tess", Role.VIEWER);
        provider.user(taken.getUsername(), claims(taken.getUsername(), "Not Tess", "other-" + taken.getUsername()
                + "@example.com", true, List.of("platform-admins")));

        try (Browser browser = Browser.start(base())) {
            browser.open("/login");
            signInAtProvider(browser, username);
            browser.find(SIGN_OUT).click();
            browser.await().until(urlContains("/login?logout"));
            transaction.executeWithoutResult(status -> users.findByUsername(username).orElseThrow().setEnabled(false));

            browser.find(SSO_BUTTON).click();
            signInAtProviderForm(browser, username, "/login?sso=disabled");
            assertThat(browser.find(SSO_PROBLEM).getText()).isEqualTo("Your Hindsight account is disabled. Ask an admin.");
        }
        try (Browser browser = Browser.start(base())) {
            browser.open("/login");
            browser.find(SSO_BUTTON).click();
            signInAtProviderForm(browser, taken.getUsername(), "/login?sso=usernameTaken");
            assertThat(browser.find(SSO_PROBLEM).getText()).startsWith("A Hindsight account with your username");
        }
        assertThat(account(taken.getUsername()).isLinked()).isFalse();
        assertThat(account(taken.getUsername()).getRoles()).containsExactly(Role.VIEWER);
        assertThat(audit(username)).contains("sign-in SIGN_IN_REFUSED null");
    }

    @Test
    void withPasswordSignInOffOnlyTheBreakGlassAccountSignsInWithAPassword() {
        HindsightUser paula = testUsers.create("paula", Role.MANAGER);
        try (Browser browser = Browser.start(base())) {
            browser.open("/login?password");
            passwordSignIn(browser, paula.getUsername(), TestUsers.PASSWORD);
            browser.await().until(urlContains("/login?error"));

            passwordSignIn(browser, "admin", adminPassword);
            browser.await().until(urlMatches("/incidents$"));
            assertThat(browser.find(TOP_BAR_NAME).getText()).isEqualTo("Administrator");
        }
    }

    @Test
    void theAdminPageShowsAProviderManagedAccountsRolesReadOnlyAndIgnoresRolesPostedForIt() {
        HindsightUser sara = testUsers.create("sara", Role.RESPONDER);
        jdbc.update("update app_user set oidc_issuer = ?, oidc_subject = ? where id = ?", provider.issuer(),
                "sub-" + sara.getUsername(), sara.getId());
        try (Browser browser = Browser.start(base())) {
            browser.open("/login?password");
            passwordSignIn(browser, "admin", adminPassword);
            browser.await().until(urlMatches("/incidents$"));
            browser.open("/admin/users/" + sara.getId());
            assertThat(browser.find(By.id("single-sign-on")).getText()).isEqualTo("single sign-on");
            assertThat(browser.find(By.id("roles-from-provider")).getText()).contains("RESPONDER")
                    .contains("Set by the identity provider at each sign-in");
            assertThat(browser.driver().findElements(By.cssSelector("main input[name=roles]:not([type=hidden])")))
                    .as("no role to tick").isEmpty();

            // a forged form: the roles it sends are ADMIN; the display name is taken, the roles are not
            browser.driver().executeScript("document.querySelectorAll('#roles-from-provider input[name=roles]')"
                    + ".forEach(input => input.value = 'ADMIN');");
            browser.find(By.id("displayName")).clear();
            browser.find(By.id("displayName")).sendKeys("Sara Renamed");
            browser.find(By.cssSelector("main form button.primary")).click();
            browser.await().until(urlMatches("/admin/users/" + sara.getId() + "$"));
            assertThat(browser.find(By.id("roles-from-provider")).getText()).contains("RESPONDER")
                    .doesNotContain("ADMIN");
        }
        User saved = account(sara.getUsername());
        assertThat(saved.getDisplayName()).isEqualTo("Sara Renamed");
        assertThat(saved.getRoles()).containsExactly(Role.RESPONDER);
    }

    @Test
    void aProviderThatIsDownIsSaidSoOnTheSignInPage() {
        try (Browser browser = Browser.start(base())) {
            browser.open("/login");
            provider.stop();
            try {
                browser.find(SSO_BUTTON).click();
                browser.await().until(urlContains("/login?sso="));
                assertThat(browser.path()).isEqualTo("/login?sso=unavailable");
                assertThat(browser.find(SSO_PROBLEM).getText())
                        .startsWith("The identity provider cannot be reached right now.");
            } finally {
                provider.restart();
            }
        }
    }

    @Test
    void aTamperedStateOrNonceIsRefused() throws Exception {
        String username = TestUsers.unique("tom");
        provider.user(username, claims(username, "Tom", username + "@example.com", true, List.of("sre-oncall")));

        assertThat(signInWithTampered(username, "state")).isEqualTo(base() + "/login?sso=state");
        assertThat(signInWithTampered(username, "nonce")).isEqualTo(base() + "/login?sso=invalid");
        assertThat(users.existsByUsername(username)).as("no account made").isFalse();

        HttpResponse<String> page = http().send(HttpRequest.newBuilder(URI.create(base() + "/login?sso=state"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("its state did not match");
    }

    @Test
    void aProviderThatTakesTheTokenRequestAndNeverAnswersIsSaidSoWithinSeconds() throws Exception {
        String username = TestUsers.unique("hana");
        provider.user(username, claims(username, "Hana", username + "@example.com", true, List.of("sre-oncall")));
        provider.hang("/oauth2/token");
        long started = System.nanoTime();
        try {
            assertThat(signInWithTampered(username, null)).isEqualTo(base() + "/login?sso=unavailable");
        } finally {
            provider.answer();
        }
        long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertThat(seconds).as("seconds until the sign-in page says so").isLessThan(15);
        assertThat(users.existsByUsername(username)).as("no account made").isFalse();
        HttpResponse<String> page = http().send(get(base() + "/login?sso=unavailable"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("The identity provider cannot be reached right now.");
    }

    /**
     * The whole flow with a plain HTTP client, one parameter of the authorization request (if any) changed on its way
     * to the provider; returns where the application sends the browser after the provider's answer.
     */
    private String signInWithTampered(String username, String parameter) throws Exception {
        HttpClient client = http();
        String authorize = location(client, get(base() + "/oauth2/authorization/oidc"));
        assertThat(authorize).startsWith(provider.issuer() + "/oauth2/authorize?")
                .contains("code_challenge_method=S256", "code_challenge=", "nonce=", "state=");
        String tampered = parameter == null ? authorize
                : authorize.replaceFirst("([?&]" + parameter + "=)[^&]+", "$1tampered-" + parameter);
        assertThat(location(client, get(tampered))).isEqualTo(provider.issuer() + "/login");
        String form = client.send(get(provider.issuer() + "/login"), HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form);
        assertThat(csrf.find()).as("the provider's sign-in form").isTrue();
        String signedIn = location(client, HttpRequest.newBuilder(URI.create(provider.issuer() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + username + "&password="
                        + OidcProvider.PASSWORD + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)))
                .build());
        String callback = location(client, get(signedIn));
        assertThat(callback).startsWith(base() + "/login/oauth2/code/oidc?code=");
        return location(client, get(callback));
    }

    private static HttpClient http() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).build();
    }

    private static String location(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(request.uri() + " redirects").isEqualTo(302);
        return request.uri().resolve(response.headers().firstValue("Location").orElseThrow()).toString();
    }

    // ---- helpers

    static Map<String, Object> claims(String username, String name, String email, boolean verified,
            List<String> groups) {
        return Map.of("preferred_username", username, "name", name, "email", email, "email_verified", verified,
                "groups", groups, "zoneinfo", "Europe/Paris");
    }

    /** From the application's sign-in page: the button, the provider's form, back signed in. */
    private void signInAtProvider(Browser browser, String username) {
        browser.find(SSO_BUTTON).click();
        browser.await().until(urlContains(provider.issuer() + "/login"));
        signInAtProviderForm(browser, username);
    }

    private void signInAtProviderForm(Browser browser, String username) {
        signInAtProviderForm(browser, username, "/incidents");
    }

    private void signInAtProviderForm(Browser browser, String username, String landing) {
        browser.await().until(urlContains(provider.issuer() + "/login"));
        browser.find(By.id("username")).sendKeys(username);
        browser.find(By.id("password")).sendKeys(OidcProvider.PASSWORD);
        browser.find(By.cssSelector("button[type=submit]")).click();
        browser.await().until(urlContains(base() + landing));
    }

    private static void passwordSignIn(Browser browser, String username, String password) {
        browser.find(By.id("username")).clear();
        browser.find(By.id("username")).sendKeys(username);
        browser.find(By.id("password")).sendKeys(password);
        browser.find(By.cssSelector("main form button[type=submit]")).click();
    }

    private User account(String username) {
        return transaction.execute(status -> {
            User user = users.findWithRolesByUsername(username).orElseThrow();
            user.getRoles();
            return user;
        });
    }

    /** The audit trail's entries about this account: "type action field". */
    private List<String> audit(String username) {
        return jdbc.queryForList("select record_type || ' ' || action || ' ' || coalesce(field, 'null') from audit_entry"
                + " where record_id = ?", String.class, username);
    }
}
