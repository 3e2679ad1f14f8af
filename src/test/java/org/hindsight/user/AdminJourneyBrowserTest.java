package org.hindsight.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlMatches;

import org.hindsight.support.Browser;
import org.hindsight.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/** An admin creates a responder in a real browser; the responder can sign in but not reach the admin pages. */
@BrowserTest
class AdminJourneyBrowserTest {

    // the page content and the top bar; the top bar has its own form (sign out)
    private static final By HEADING = By.cssSelector("main h1");
    private static final By MAIN_SUBMIT = By.cssSelector("main form button[type=submit]");
    private static final By FLASH = By.cssSelector("main .flash");
    private static final By TOP_BAR_NAME = By.cssSelector("header .user-menu .user-name");
    private static final By SIGN_OUT = By.xpath("//header//button[normalize-space()='Sign out']");
    private static final By ADMIN_LINK = By.xpath("//header//nav//a[normalize-space()='Admin']");

    @LocalServerPort
    int port;

    @Value("${hindsight.admin.password}")
    String adminPassword;

    @Test
    void adminCreatesAResponderWhoCannotReachTheAdminPages() {
        String username = "responder-" + Long.toString(System.nanoTime(), 36);
        String displayName = "Rita Responder";
        String password = "correct-horse-battery";

        try (Browser browser = Browser.start("http://localhost:" + port)) {
            browser.open("/login");
            assertThat(browser.find(HEADING).getText()).isEqualTo("Sign in");
            browser.screenshot("admin-journey-01-login");

            signIn(browser, "admin", adminPassword);
            browser.await().until(urlMatches("/incidents$"));
            assertThat(browser.find(HEADING).getText()).isEqualTo("Incidents");

            browser.find(ADMIN_LINK).click();
            browser.await().until(urlMatches("/admin/users$"));
            assertThat(browser.find(HEADING).getText()).isEqualTo("Users");
            browser.screenshot("admin-journey-02-users");
            browser.find(By.linkText("New user")).click();
            browser.await().until(urlMatches("/admin/users/new$"));

            browser.find(By.id("username")).sendKeys(username);
            browser.find(By.id("displayName")).sendKeys(displayName);
            browser.find(By.id("email")).sendKeys(username + "@example.com");
            browser.find(By.id("password")).sendKeys(password);
            WebElement viewer = role(browser, "VIEWER");
            WebElement responder = role(browser, "RESPONDER");
            assertThat(viewer.isSelected()).as("VIEWER ticked by default").isTrue();
            responder.click();
            viewer.click();
            assertThat(responder.isSelected()).isTrue();
            assertThat(viewer.isSelected()).isFalse();
            browser.screenshot("admin-journey-03-user-form");
            browser.find(MAIN_SUBMIT).click();

            browser.await().until(urlMatches("/admin/users/\\d+$"));
            assertThat(browser.find(FLASH).getText()).isEqualTo("User " + username + " created.");
            browser.screenshot("admin-journey-04-user-created");

            browser.find(SIGN_OUT).click();
            browser.await().until(urlMatches("/login\\?logout$"));
            assertThat(browser.find(FLASH).getText()).isEqualTo("You are signed out.");

            signIn(browser, username, password);
            browser.await().until(urlMatches("/incidents$"));
            assertThat(browser.find(TOP_BAR_NAME).getText()).isEqualTo(displayName);
            assertThat(browser.driver().findElements(By.linkText("Incidents"))).isNotEmpty();
            assertThat(browser.driver().findElements(ADMIN_LINK)).as("Admin link for a responder").isEmpty();
            browser.screenshot("admin-journey-05-responder-incidents");

            for (String adminPage : new String[] {"/admin/users", "/admin/users/new"}) {
                browser.open(adminPage);
                assertThat(browser.path()).isEqualTo(adminPage);
                assertThat(browser.find(HEADING).getText()).isEqualTo("Not allowed");
                assertThat(browser.find(By.cssSelector("main .error-code")).getText()).isEqualTo("403");
                assertThat(browser.driver().findElements(By.id("username"))).as("user form on " + adminPage).isEmpty();
            }
            browser.screenshot("admin-journey-06-forbidden");
        }
    }

    @Test
    void wrongPasswordShowsTheFailureAndKeepsTheUsername() {
        try (Browser browser = Browser.start("http://localhost:" + port)) {
            browser.open("/login");
            signIn(browser, "admin", "not-the-admin-password");

            browser.await().until(urlMatches("/login\\?error$"));
            assertThat(browser.find(By.cssSelector("main .flash[role=alert]")).getText())
                    .isEqualTo("Sign-in failed. Check your username and password.");
            assertThat(browser.find(By.id("username")).getDomProperty("value")).isEqualTo("admin");
            assertThat(browser.find(By.id("password")).getDomProperty("value")).isEmpty();
            browser.awaitFocus("password", "the cursor waits in the password field");
            assertThat(browser.driver().findElements(SIGN_OUT)).as("signed in after a wrong password").isEmpty();
            browser.screenshot("login-failed");
        }
    }

    private static void signIn(Browser browser, String username, String password) {
        WebElement name = browser.find(By.id("username"));
        name.clear();
        name.sendKeys(username);
        browser.find(By.id("password")).sendKeys(password);
        browser.find(MAIN_SUBMIT).click();
    }

    private static WebElement role(Browser browser, String role) {
        return browser.find(By.cssSelector("input[type=checkbox][name=roles][value=" + role + "]"));
    }
}
