package org.hindsight.postmortem.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlMatches;

import java.util.List;

import org.hindsight.action.ActionItemService;
import org.hindsight.incident.IncidentService;
import org.hindsight.support.Browser;
import org.hindsight.support.BrowserTest;
import org.hindsight.support.TestUsers;
import org.hindsight.timeline.TimelineService;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The postmortem preview of an incident whose title, impact, events and action items are the XSS corpus, in
 * real Chromium: the text is visibly there and nothing in it runs, whichever template renders it.
 */
@BrowserTest
class PostmortemXssBrowserTest {

    private static final By ARTICLE = By.id("postmortem");

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

    @Test
    void theCorpusShowsAsTextAndNoScriptRuns() {
        HindsightUser manager = users.create("pm-xss", Role.MANAGER);
        String key = XssIncident.create(incidents, timeline, actions, manager);
        HindsightUser viewer = users.create("pm-xss-viewer", Role.VIEWER);

        try (Browser browser = Browser.start("http://localhost:" + port)) {
            browser.signIn(viewer);

            browser.open("/incidents/" + key);
            browser.find(By.id("postmortem-link")).click();
            browser.await().until(urlMatches("/incidents/" + key + "/postmortem$"));
            for (String template : List.of("reference", "sre", "compact")) {
                if (!template.equals("reference")) {
                    browser.open("/incidents/" + key + "/postmortem?template=" + template);
                }
                watchForBlockedScript(browser);
                WebElement article = browser.find(ARTICLE);
                String text = article.getText();
                assertThat(article.findElement(By.tagName("h1")).getText()).as(template).endsWith(XssIncident.TITLE);
                assertThat(text).as(template).contains("<script>window.__xss='script';alert('script')</script>")
                        .contains("<img src=x onerror=\"window.__xss='img';alert('img')\">")
                        .contains("lower").contains("mixed").contains("entity").contains("raw link")
                        .contains("<a href=\"javascript:alert('raw')\">").contains("Fix <script>");
                assertThat(browser.driver().findElements(By.cssSelector("#postmortem script, #postmortem iframe, "
                        + "#postmortem [onerror], #postmortem [onload], #postmortem [href^='javascript' i], "
                        + "#postmortem [href^='data' i], #postmortem [src]"))).as(template).isEmpty();
                browser.screenshot("postmortem-xss-" + template);

                String page = browser.path();
                for (WebElement link : article.findElements(By.tagName("a"))) {
                    String href = link.getDomAttribute("href");
                    assertThat(href == null || href.startsWith("http") || href.startsWith("mailto:"))
                            .as("href " + href).isTrue();
                    if (href == null) {
                        ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].scrollIntoView()", link);
                        link.click();
                        assertThat(browser.path()).isEqualTo(page);
                    }
                    assertNoScriptRan(browser, template + " after clicking " + link.getText());
                }
                assertNoScriptRan(browser, template);
                assertThat(script(browser, "return window.__blocked")).as("scripts the CSP had to stop")
                        .isEqualTo(List.of());
            }
        }
    }

    private static void assertNoScriptRan(Browser browser, String when) {
        assertThatThrownBy(() -> browser.driver().switchTo().alert()).as("alert: " + when)
                .isInstanceOf(NoAlertPresentException.class);
        assertThat(script(browser, "return typeof window.__xss")).as("marker: " + when).isEqualTo("undefined");
    }

    private static void watchForBlockedScript(Browser browser) {
        script(browser, "window.__blocked = [];document.addEventListener('securitypolicyviolation',"
                + " e => window.__blocked.push(e.violatedDirective + ' ' + e.blockedURI))");
    }

    private static Object script(Browser browser, String script) {
        return ((JavascriptExecutor) browser.driver()).executeScript(script);
    }
}
