package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlMatches;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.action.ActionItemService;
import org.hindsight.action.ActionPriority;
import org.hindsight.action.ActionStatus;
import org.hindsight.action.ActionType;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.notification.WebhookEvent;
import org.hindsight.notification.WebhookFormat;
import org.hindsight.notification.WebhookService;
import org.hindsight.support.Browser;
import org.hindsight.support.BrowserTest;
import org.hindsight.support.OidcProvider;
import org.hindsight.support.TestUsers;
import org.hindsight.timeline.EventKind;
import org.hindsight.timeline.KeyMoment;
import org.hindsight.timeline.TimelineService;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * axe-core (from the npm registry, see pom.xml) on every main page, signed in as an admin who sees every control,
 * on a laptop (1366 px) and on a phone (390 px): no critical and no serious violation.
 */
@BrowserTest
class AccessibilityBrowserTest {

    private static final Set<String> BLOCKING = Set.of("critical", "serious");

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    @Autowired
    ActionItemService actions;

    @Autowired
    WebhookService webhooks;

    @Test
    void everyMainPageHasNoCriticalOrSeriousViolationOnALaptopOrAPhone() {
        HindsightUser admin = users.create("a11y-admin", Role.ADMIN);
        Instant start = Instant.now().minus(2, ChronoUnit.HOURS);
        String key = incidents.create(admin, new NewIncident("Checkout errors after the LB change", Severity.SEV1,
                null, start, null, "Customers could not pay.", null, List.of("checkout"), null));
        long incidentId = incidents.idOf(key);
        timeline.post(admin, incidentId, new TimelineService.NewEvent("5xx above **20%**", start.plusSeconds(60),
                EventKind.ALERT, Set.of(KeyMoment.IMPACT_DETECTED), false));
        timeline.post(admin, incidentId, new TimelineService.NewEvent("Purged the CDN, no change",
                start.plusSeconds(600), EventKind.DEAD_END, Set.of(), false));
        long eventId = timeline.post(admin, incidentId, new TimelineService.NewEvent("Rolled back",
                start.plusSeconds(1800), EventKind.ACTION, Set.of(KeyMoment.MITIGATED), false)).event().id();
        actions.create(admin, incidentId, new ActionFields("Review LB configuration changes", "- [ ] diff\n- [x] owner",
                ActionType.CORRECTIVE, ActionCategory.TASK, admin.getUsername(), LocalDate.now().minusDays(2),
                ActionPriority.HIGH, ActionStatus.OPEN, null, null, 0));

        // a webhook with a message waiting in its delivery log (no worker runs in tests)
        long webhook = webhooks.create(TestUsers.unique("a11y"), "https://hooks.example.com/services/T/B/a11y",
                WebhookFormat.SLACK, Set.of(WebhookEvent.ACTION_ITEM_OVERDUE), Set.of(Severity.SEV1)).webhook().id();
        webhooks.sendTest(webhook);

        List<String> pages = List.of("/incidents", "/incidents/new", "/incidents/" + key, "/incidents/" + key + "/edit",
                "/incidents/" + key + "/timeline/" + eventId + "/edit", "/incidents/" + key + "/postmortem",
                "/incidents/import", "/actions", "/actions/mine", "/alerts", "/profile", "/admin/users",
                "/admin/integrations", "/postmortem-templates", "/incidents/" + key + "/postmortem/review",
                "/reviews/mine", "/admin/review-settings", "/incidents/" + key + "/history", "/admin/audit",
                "/admin/webhooks", "/admin/webhooks/new", "/admin/webhooks/" + webhook, "/admin/email",
                "/search?q=checkout+or+purged", "/search?q=-checkout");
        List<String> found = new ArrayList<>();
        try (Browser browser = Browser.start("http://localhost:" + port)) {
            for (Dimension size : List.of(new Dimension(1366, 900), new Dimension(390, 844))) {
                browser.driver().manage().window().setSize(size);
                browser.driver().manage().deleteAllCookies();
                browser.open("/login");
                browser.accessibilityViolations(BLOCKING).forEach(v -> found.add(size.width + " /login: " + v));
                browser.find(By.id("username")).sendKeys(admin.getUsername(), Keys.TAB, TestUsers.PASSWORD,
                        Keys.ENTER);
                browser.await().until(urlMatches("/incidents$"));
                for (String page : pages) {
                    browser.open(page);
                    browser.accessibilityViolations(BLOCKING).forEach(v -> found.add(size.width + " " + page + ": " + v));
                }
            }
        }
        webhooks.delete(webhook);
        assertThat(found).as("critical and serious accessibility violations").isEmpty();
    }

    /**
     * The sign-in page with single sign-on configured through a real OpenID provider ({@link OidcProvider}) and
     * password sign-in off: the provider's button alone, with a problem said, and with the break-glass form; and the
     * admin page of an account whose roles come from the provider.
     */
    @Nested
    class WithSingleSignOn {

        static final OidcProvider provider = OidcProvider.start();

        @DynamicPropertySource
        static void singleSignOn(DynamicPropertyRegistry properties) {
            provider.configure(properties);
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
        TestUsers users;

        @Autowired
        JdbcTemplate jdbc;

        @Test
        void theSignInPageWithTheProvidersButtonHasNoCriticalOrSeriousViolation() {
            HindsightUser linked = users.create("a11y-sso", Role.RESPONDER);
            jdbc.update("update app_user set oidc_issuer = ?, oidc_subject = ? where id = ?", provider.issuer(),
                    "sub-a11y", linked.getId());
            List<String> found = new ArrayList<>();
            try (Browser browser = Browser.start("http://127.0.0.1:" + port)) {
                for (Dimension size : List.of(new Dimension(1366, 900), new Dimension(390, 844))) {
                    browser.driver().manage().window().setSize(size);
                    browser.driver().manage().deleteAllCookies();
                    browser.open("/login");
                    assertThat(browser.find(By.id("sso")).getText()).isEqualTo("Sign in with Example ID");
                    assertThat(browser.driver().findElements(By.id("password"))).as("password sign-in off").isEmpty();
                    for (String page : List.of("/login", "/login?sso=unavailable", "/login?password")) {
                        browser.open(page);
                        browser.accessibilityViolations(BLOCKING)
                                .forEach(v -> found.add(size.width + " " + page + ": " + v));
                    }
                    browser.find(By.id("username")).sendKeys("admin", Keys.TAB, adminPassword, Keys.ENTER);
                    browser.await().until(urlMatches("/incidents$"));
                    String page = "/admin/users/" + linked.getId();
                    browser.open(page);
                    assertThat(browser.find(By.id("roles-from-provider")).isDisplayed()).isTrue();
                    browser.accessibilityViolations(BLOCKING).forEach(v -> found.add(size.width + " " + page + ": " + v));
                }
            }
            assertThat(found).as("critical and serious accessibility violations").isEmpty();
        }
    }
}
