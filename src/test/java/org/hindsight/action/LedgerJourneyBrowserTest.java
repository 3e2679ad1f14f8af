package org.hindsight.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlContains;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.hindsight.action.ActionCommands.ActionFields;
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

/** A manager works the ledger in a real browser: filters to one owner's overdue items and reassigns two of them. */
@BrowserTest
class LedgerJourneyBrowserTest {

    private static final By FLASH = By.cssSelector("main .flash");
    private static final By ROWS = By.cssSelector("#ledger tbody tr");

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    ActionItemService actions;

    @Test
    void aManagerReassignsTwoOverdueItemsOfOneOwnerAndTheCountsFollow() {
        HindsightUser manager = users.create("journey-manager", Role.MANAGER);
        HindsightUser olga = users.create("olga", Role.RESPONDER);
        HindsightUser pete = users.create("pete", Role.RESPONDER);
        long incident = incidents.idOf(incidents.create(manager, new NewIncident("Payments timeouts", Severity.SEV1,
                null, null, null, null, null, List.of("payments"), null)));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int i = 1; i <= 3; i++) {
            actions.create(manager, incident, new ActionFields("Overdue fix " + i, null, ActionType.CORRECTIVE,
                    ActionCategory.TASK, olga.getUsername(), today.minusDays(i * 2L), null, null, null, null, 0));
        }
        actions.create(manager, incident, new ActionFields("Later work", null, ActionType.PREVENTIVE,
                ActionCategory.TASK, olga.getUsername(), today.plusDays(20), null, null, null, null, 0));

        try (Browser browser = Browser.start("http://localhost:" + port)) {
            browser.signIn(manager);

            browser.find(By.xpath("//header//nav//a[normalize-space()='Action items']")).click();
            browser.await().until(urlContains("/actions"));
            new Select(browser.find(By.id("f-owner"))).selectByValue(olga.getUsername());
            browser.find(By.id("f-overdue")).click();
            browser.find(By.id("apply-filters")).click();
            browser.await().until(urlContains("overdue=true"));
            assertThat(browser.path()).contains("owner=" + olga.getUsername());

            assertThat(browser.driver().findElements(ROWS)).hasSize(3);
            assertThat(text(browser, "#ledger-count")).isEqualTo("3 items match.");
            assertThat(text(browser, "#stat-open")).isEqualTo("4");
            assertThat(text(browser, "#stat-overdue")).isEqualTo("3");
            assertThat(browser.find(By.cssSelector("#ledger tbody tr:first-child td.due")).getText())
                    .contains("overdue by 6 days");
            assertThat(browser.find(By.cssSelector("#backlog-chart svg")).isDisplayed()).as("folded").isFalse();
            browser.find(By.cssSelector("#backlog-chart > summary")).click();
            assertThat(browser.find(By.cssSelector("#backlog-chart svg")).isDisplayed()).isTrue();
            browser.screenshot("ledger-journey-01-filtered");

            List<WebElement> boxes = browser.driver().findElements(By.cssSelector("#ledger input[name=selected]"));
            boxes.get(0).click();
            boxes.get(1).click();
            browser.find(By.id("newOwner")).sendKeys(pete.getUsername());
            browser.find(By.id("bulk-reassign")).click();

            browser.await().until(d -> d.findElements(FLASH).stream().anyMatch(e -> e.getText().contains("changed")));
            assertThat(browser.find(FLASH).getText()).isEqualTo("2 items changed.");
            assertThat(browser.path()).contains("owner=" + olga.getUsername()).contains("overdue=true");
            assertThat(browser.driver().findElements(ROWS)).hasSize(1);
            assertThat(text(browser, "#ledger-count")).isEqualTo("1 item matches.");
            assertThat(text(browser, "#stat-open")).isEqualTo("2");
            assertThat(text(browser, "#stat-overdue")).isEqualTo("1");
            browser.screenshot("ledger-journey-02-reassigned");

            new Select(browser.find(By.id("f-owner"))).selectByValue(pete.getUsername());
            browser.find(By.id("apply-filters")).click();
            browser.await().until(urlContains("owner=" + pete.getUsername()));
            assertThat(browser.driver().findElements(ROWS)).hasSize(2);
            assertThat(text(browser, "#stat-overdue")).isEqualTo("2");
            assertThat(browser.find(By.cssSelector("#owner-loads tbody tr[data-owner='" + pete.getUsername() + "'] .open"))
                    .getText()).isEqualTo("2");
        }
    }

    private static String text(Browser browser, String css) {
        return browser.find(By.cssSelector(css)).getText();
    }
}
