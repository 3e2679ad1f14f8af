package org.hindsight.postmortem.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlMatches;

import org.hindsight.example.ExampleIncident;
import org.hindsight.support.Browser;
import org.hindsight.support.BrowserTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * A lead sends a postmortem to review, the reviewer finds it under "My reviews" and asks for changes, then approves
 * the next round, and the lead publishes it: in a real browser, each person signed in as themselves.
 */
@BrowserTest
class ReviewJourneyBrowserTest {

    private static final By SIGN_OUT = By.xpath("//header//button[normalize-space()='Sign out']");
    private static final By STATE = By.id("review-state-value");

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    ApplicationContext context;

    @Test
    void aPostmortemIsReviewedAndPublishedByItsPeople() {
        HindsightUser lead = users.create("journey-lead", Role.MANAGER);
        HindsightUser reviewer = users.create("journey-reviewer", Role.VIEWER);
        String key = ExampleIncident.load(context);
        try (Browser browser = Browser.start("http://127.0.0.1:" + port)) {
            signIn(browser, lead);
            browser.open("/incidents/" + key + "/postmortem");
            browser.find(By.id("review-link")).click();
            browser.await().until(urlMatches("/postmortem/review$"));
            assertThat(browser.find(STATE).getText()).isEqualTo("Draft");
            assertThat(browser.find(By.id("checklist")).getText()).contains("The mitigation time is set");
            browser.find(By.id("reviewers-input")).sendKeys(reviewer.getUsername());
            browser.find(By.cssSelector("#send-to-review button[type=submit]")).click();
            browser.await().until(textToBePresentInElementLocated(STATE, "In review"));
            signOut(browser);

            signIn(browser, reviewer);
            browser.find(By.id("nav-reviews")).click();
            browser.find(By.linkText(key)).click();
            browser.find(By.cssSelector("#give-verdict input[value=REQUEST_CHANGES]")).click();
            browser.find(By.cssSelector("#give-verdict button[type=submit]")).click();
            // no comment: the page says so and keeps the choice
            browser.await().until(textToBePresentInElementLocated(By.id("review-error"), "needs a comment"));
            assertThat(browser.find(By.cssSelector("#give-verdict input[value=REQUEST_CHANGES]")).isSelected()).isTrue();
            browser.find(By.id("verdict-comment")).sendKeys("Say how long the dead end cost us");
            browser.find(By.cssSelector("#give-verdict button[type=submit]")).click();
            browser.await().until(textToBePresentInElementLocated(STATE, "Draft"));
            assertThat(browser.find(By.id("reviewers")).getText()).contains("Say how long the dead end cost us");
            signOut(browser);

            signIn(browser, lead);
            browser.open("/incidents/" + key + "/postmortem/review");
            browser.find(By.id("reviewers-input")).sendKeys(reviewer.getUsername());
            browser.find(By.cssSelector("#send-to-review button[type=submit]")).click();
            browser.await().until(textToBePresentInElementLocated(STATE, "In review"));
            signOut(browser);

            signIn(browser, reviewer);
            browser.open("/incidents/" + key + "/postmortem/review");
            browser.find(By.cssSelector("#give-verdict input[value=APPROVE]")).click();
            browser.find(By.cssSelector("#give-verdict button[type=submit]")).click();
            browser.await().until(textToBePresentInElementLocated(By.id("reviewers"), "approved"));
            signOut(browser);

            signIn(browser, lead);
            browser.open("/incidents/" + key + "/postmortem/review");
            browser.find(By.cssSelector("#publish button[type=submit]")).click();
            browser.await().until(textToBePresentInElementLocated(STATE, "Published"));
            assertThat(browser.find(By.id("versions")).getText()).contains("Version 1");
            browser.open("/incidents?postmortem=PUBLISHED");
            assertThat(browser.find(By.linkText(key)).isDisplayed()).isTrue();
        }
    }

    private static void signIn(Browser browser, HindsightUser user) {
        browser.open("/login");
        browser.find(By.id("username")).sendKeys(user.getUsername());
        browser.find(By.id("password")).sendKeys(TestUsers.PASSWORD);
        browser.find(By.cssSelector("main form button[type=submit]")).click();
        browser.await().until(urlMatches("/incidents$"));
    }

    private static void signOut(Browser browser) {
        browser.find(SIGN_OUT).click();
        browser.await().until(urlMatches("/login"));
    }
}
