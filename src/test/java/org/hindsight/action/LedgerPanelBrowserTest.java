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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The ledger in a real browser: the bulk panel appears only once items are ticked, the status filter shows its
 * whole choice on a phone and a laptop; on My items the owner starts and finishes an item with one click each.
 */
@BrowserTest
class LedgerPanelBrowserTest {

    private static final By PANEL = By.id("bulk");

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    ActionItemService actions;

    @Test
    void theBulkPanelOpensWhenItemsAreTickedAndTheStatusFilterIsNotCut() {
        HindsightUser manager = users.create("panel-manager", Role.MANAGER);
        String service = TestUsers.unique("panel");
        long incident = incidents.idOf(incidents.create(manager, new NewIncident("Queue backlog", Severity.SEV2,
                null, null, null, null, null, List.of(service), null)));
        for (int i = 1; i <= 2; i++) {
            actions.create(manager, incident, new ActionFields("Drain queue " + i, null, ActionType.CORRECTIVE,
                    ActionCategory.TASK, manager.getUsername(), null, null, null, null, null, 0));
        }

        try (Browser browser = signedIn(manager)) {
            browser.open("/actions?service=" + service);
            assertThat(browser.find(PANEL).isDisplayed()).as("nothing ticked yet").isFalse();
            List<WebElement> boxes = browser.driver().findElements(By.cssSelector("#ledger input[name=selected]"));
            tick(browser, boxes.get(0));
            browser.await().until(d -> d.findElement(PANEL).isDisplayed());
            tick(browser, boxes.get(1));
            tick(browser, boxes.get(0));
            assertThat(browser.find(PANEL).isDisplayed()).as("one still ticked").isTrue();
            browser.screenshot("ledger-panel-ticked");
            tick(browser, boxes.get(1));
            browser.await().until(d -> !d.findElement(PANEL).isDisplayed());

            // a window too low to show the panel under the items: a link to it stays in view, counting the ticks
            browser.driver().manage().window().setSize(new Dimension(1366, 420));
            browser.open("/actions?service=" + service);
            boxes = browser.driver().findElements(By.cssSelector("#ledger input[name=selected]"));
            tick(browser, boxes.get(0));
            tick(browser, boxes.get(1));
            By jump = By.cssSelector("#bulk-jump a");
            browser.await().until(d -> d.findElement(jump).isDisplayed());
            assertThat(browser.find(jump).getText()).isEqualTo("Change the ticked items (2) ↓");
            browser.screenshot("ledger-panel-jump");
            browser.find(jump).click();
            browser.await().until(d -> !d.findElement(jump).isDisplayed());
            assertThat(inView(browser, browser.find(PANEL))).isTrue();

            for (Dimension size : List.of(new Dimension(390, 844), new Dimension(1366, 900))) {
                browser.driver().manage().window().setSize(size);
                browser.open("/actions?service=" + service);
                WebElement status = browser.find(By.id("f-status"));
                assertThat(status.getText()).contains("Open or in progress");
                assertThat(width(browser, status)).as("the status filter at %s px", size.width)
                        .isGreaterThanOrEqualTo(neededWidth(browser, status));
                browser.screenshot("ledger-filters-" + size.width);
            }
        }
    }

    @Test
    void theOwnerStartsAndFinishesAnItemFromMyItems() {
        HindsightUser manager = users.create("mine-manager", Role.MANAGER);
        HindsightUser owner = users.create("mine-owner", Role.RESPONDER);
        long incident = incidents.idOf(incidents.create(manager, new NewIncident("Disk full", Severity.SEV3,
                null, null, null, null, null, List.of(), null)));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long id = actions.create(manager, incident, new ActionFields("Rotate logs daily", null, ActionType.PREVENTIVE,
                ActionCategory.TASK, owner.getUsername(), today.minusDays(3), null, null, null, null, 0)).id();

        try (Browser browser = signedIn(owner)) {
            browser.open("/actions/mine");
            By row = By.id("mine-" + id);
            assertThat(browser.find(row).findElement(By.cssSelector("td.due")).getText()).contains("overdue by 3 days");
            browser.find(row).findElement(By.xpath(".//button[normalize-space()='Start']")).click();
            browser.await().until(d -> d.findElements(By.cssSelector("main .flash")).stream()
                    .anyMatch(e -> e.getText().contains("is now In progress")));
            assertThat(browser.path()).startsWith("/actions/mine");
            assertThat(browser.find(row).findElement(By.cssSelector("td.status")).getText()).isEqualTo("In progress");

            browser.find(row).findElement(By.xpath(".//button[normalize-space()='Done']")).click();
            browser.await().until(d -> d.findElements(By.cssSelector("main .flash")).stream()
                    .anyMatch(e -> e.getText().contains("is now Done")));
            assertThat(browser.driver().findElements(row)).isEmpty();
            assertThat(actions.get(owner, id).status()).isEqualTo(ActionStatus.DONE);
        }
    }

    private Browser signedIn(HindsightUser who) {
        Browser browser = Browser.start("http://localhost:" + port);
        try {
            browser.open("/login");
            browser.find(By.id("username")).sendKeys(who.getUsername());
            browser.find(By.id("password")).sendKeys(TestUsers.PASSWORD);
            browser.find(By.cssSelector("main form button[type=submit]")).click();
            browser.await().until(urlContains("/incidents"));
            return browser;
        } catch (RuntimeException e) {
            browser.close();
            throw e;
        }
    }

    /** Ticks or unticks a box as a person would: scrolled into view first (the shown panel stays at the bottom). */
    private static void tick(Browser browser, WebElement box) {
        browser.driver().executeScript("arguments[0].scrollIntoView({block: 'center'});", box);
        box.click();
    }

    private static boolean inView(Browser browser, WebElement element) {
        return (Boolean) browser.driver().executeScript("""
                var r = arguments[0].getBoundingClientRect();
                return r.top < window.innerHeight && r.bottom > 0;""", element);
    }

    private static double width(Browser browser, WebElement element) {
        return ((Number) browser.driver().executeScript("return arguments[0].getBoundingClientRect().width;", element))
                .doubleValue();
    }

    /** The width the select takes when nothing constrains it: enough to show its longest option whole. */
    private static double neededWidth(Browser browser, WebElement select) {
        return ((Number) browser.driver().executeScript("""
                var copy = arguments[0].cloneNode(true);
                copy.removeAttribute('id');
                copy.style.width = 'auto';
                copy.style.minWidth = '0';
                copy.style.maxWidth = 'none';
                copy.style.position = 'absolute';
                copy.style.visibility = 'hidden';
                arguments[0].parentNode.appendChild(copy);
                var width = copy.getBoundingClientRect().width;
                copy.remove();
                return width;""", select)).doubleValue();
    }
}
