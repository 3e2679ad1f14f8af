package org.hindsight.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.action.ActionItemService;
import org.hindsight.action.ActionType;
import org.hindsight.incident.IncidentCommands.NewIncident;
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
 * What the eye sees on a phone (390 px) and a laptop (1366 px): incident keys on one line, the current page marked
 * in the navigation, action item titles with room to be read.
 */
@BrowserTest
class IncidentListBrowserTest {

    private static final Dimension PHONE = new Dimension(390, 844);
    private static final Dimension LAPTOP = new Dimension(1366, 900);

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    ActionItemService actions;

    @Test
    void keysStayOnOneLineTheCurrentPageIsMarkedAndActionTitlesHaveRoom() {
        HindsightUser manager = users.create("eye-manager", Role.MANAGER);
        String marker = TestUsers.unique("eyes");
        String key = incidents.create(manager, new NewIncident(marker + " checkout errors for some customers",
                Severity.SEV2, null, Instant.now().minusSeconds(4000), null, null, null, List.of(), null));
        incidents.create(manager, new NewIncident(marker + " search slow", Severity.SEV3, null,
                Instant.now().minusSeconds(9000), null, null, null, List.of(), null));
        actions.create(manager, incidents.idOf(key), new ActionFields(
                "Add a canary stage to the checkout deploy pipeline before every rollout", "Details",
                ActionType.PREVENTIVE, ActionCategory.TASK, manager.getUsername(), null, null, null, null, null, 0));

        try (Browser browser = Browser.start("http://localhost:" + port)) {
            browser.signIn(manager);

            for (Dimension size : List.of(PHONE, LAPTOP)) {
                browser.driver().manage().window().setSize(size);
                browser.open("/incidents?q=" + marker);
                List<WebElement> keys = browser.driver().findElements(By.cssSelector("#incidents-active td.key-cell a"));
                assertThat(keys).hasSize(2);
                for (WebElement link : keys) {
                    assertThat(lines(browser, link)).as("%s at %s px", link.getText(), size.width).isEqualTo(1);
                }
                assertThat(browser.find(By.cssSelector("#incidents-active tbody tr:first-child td.duration"))
                        .getText()).matches("1h \\d+m \\(ongoing\\)");
                browser.screenshot("incident-list-" + size.width);

                // the current page, marked beyond its colour: an underline the other links do not have
                WebElement current = browser.find(By.cssSelector("header nav a[aria-current=page]"));
                WebElement other = browser.find(By.xpath("//header//nav//a[normalize-space()='Alerts']"));
                assertThat(current.getText()).isEqualTo("Incidents");
                assertThat(current.getCssValue("box-shadow")).isNotEqualTo("none")
                        .isNotEqualTo(other.getCssValue("box-shadow"));

                browser.open("/incidents/" + key);
                WebElement title = browser.find(By.cssSelector("#actions tbody tr:first-child td:first-child"));
                assertThat(title.getRect().getWidth()).as("title column at %s px", size.width)
                        .isGreaterThanOrEqualTo(250);
                WebElement due = browser.find(By.cssSelector("#actions tbody tr:first-child td:nth-child(5)"));
                assertThat(lines(browser, due)).as("a due date on one line").isEqualTo(1);
                browser.screenshot("incident-actions-" + size.width);
            }
        }
    }

    /** On how many lines the element's text is laid out. */
    private static long lines(Browser browser, WebElement element) {
        Object count = browser.driver().executeScript("""
                var range = document.createRange();
                range.selectNodeContents(arguments[0]);
                var tops = {};
                Array.prototype.forEach.call(range.getClientRects(), function (r) {
                  if (r.width > 0) { tops[Math.round(r.top)] = true; }
                });
                return Object.keys(tops).length;""", element);
        return ((Number) count).longValue();
    }
}
