package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlContains;

import java.time.Duration;
import java.util.List;

import org.hindsight.action.ActionItemService;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.support.Browser;
import org.hindsight.support.BrowserTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A manager adds an action item while someone else holds the incident (an operator's open transaction): after the
 * lock limit the browser shows "Busy: not saved" instead of spinning or the error page, and once the incident is free
 * one press of "Send again" saves the item exactly as it was typed.
 */
@BrowserTest
class BusyPageBrowserTest {

    private static final String TITLE = "Page the database on-call when replication lags";
    private static final String DETAILS = "Threshold: **30 s** of lag, for 5 minutes.";

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    ActionItemService actions;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void anActionItemAddedWhileTheIncidentIsHeldElsewhereIsSentAgainWithOneClick() {
        HindsightUser manager = users.create("busy-browser", Role.MANAGER);
        String key = incidents.create(manager, new NewIncident("Replication lag on db-3", Severity.SEV2, null, null,
                null, null, null, List.of(), null));
        long incidentId = incidents.idOf(key);

        try (Browser browser = Browser.start("http://localhost:" + port)) {
            browser.signIn(manager);

            browser.open("/incidents/" + key);
            browser.find(By.cssSelector("details.add-action summary")).click();
            WebElement form = browser.find(By.id("action-form"));
            form.findElement(By.id("title")).sendKeys(TITLE);
            form.findElement(By.id("details")).sendKeys(DETAILS);
            new Select(form.findElement(By.id("priority"))).selectByValue("HIGH");

            new TransactionTemplate(transactions).executeWithoutResult(held -> {
                jdbc.update("update incident set title = title where id = ?", incidentId);
                long start = System.nanoTime();
                form.findElement(By.cssSelector("button[type=submit]")).click();
                browser.await().withTimeout(Duration.ofSeconds(30)).withMessage("the busy page")
                        .until(d -> !d.findElements(By.id("busy-resend")).isEmpty());
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered within the lock limit (10 s)")
                        .isLessThan(Duration.ofSeconds(25));
                assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Busy: not saved");
                assertThat(browser.find(By.cssSelector("main")).getText()).contains("nothing was saved");
                browser.screenshot("busy-not-saved");
            });
            assertThat(actions.forIncident(manager, incidentId)).as("nothing saved while busy").isEmpty();

            browser.find(By.cssSelector("#busy-resend button[type=submit]")).click();
            browser.await().until(urlContains("/incidents/" + key + "#actions"));
            assertThat(browser.find(By.cssSelector("main .flash")).getText())
                    .isEqualTo("Action item \"" + TITLE + "\" added.");
            List<WebElement> rows = browser.driver().findElements(By.cssSelector("#actions table tbody tr"));
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).findElement(By.tagName("td")).getText()).as("title, then the details rendered")
                    .isEqualTo(TITLE + "\nThreshold: 30 s of lag, for 5 minutes.");
        }
        assertThat(jdbc.queryForObject("select details from action_item where incident_id = ?", String.class,
                incidentId)).isEqualTo(DETAILS);
        assertThat(jdbc.queryForObject("select priority from action_item where incident_id = ?", String.class,
                incidentId)).isEqualTo("HIGH");
    }
}
