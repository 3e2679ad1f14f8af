package org.hindsight.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlMatches;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.hindsight.support.Browser;
import org.hindsight.support.BrowserTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.hindsight.user.UserService;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Responders work an incident in a real browser: declare it, log its timeline without the page reloading,
 * watch the summary follow key moments, add action items, see each other's events live, and stay safe from
 * script hidden in Markdown.
 */
@BrowserTest
class IncidentJourneyBrowserTest {

    private static final By HEADING = By.cssSelector("main h1");
    private static final By MAIN_SUBMIT = By.cssSelector("main form button[type=submit]");
    private static final By FLASH = By.cssSelector("main .flash");
    private static final By ROWS = By.cssSelector("#timeline li.event");
    private static final By FEEDBACK = By.id("entry-feedback");
    private static final By TIME_TO_MITIGATE = By.id("duration-mitigate");
    private static final String INCIDENT_PAGE = "/incidents/INC-\\d+$";
    private static final String NO_VALUE = "—";
    /** The page polls every 3 s; a change must show within this. */
    private static final Duration LIVE = Duration.ofSeconds(10);

    /** Each would set {@code window.__xss} if the browser ran it. */
    private static final List<String> XSS_VECTORS = List.of("<script>window.__xss=1</script>",
            "<img src=x onerror=\"window.__xss=1\">", "[x](javascript:window.__xss=1)",
            "[y](JavaScript:window.__xss=1)", "[z](java&#115;cript:window.__xss=1)", "<javascript:window.__xss=1>");

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    UserService userService;

    @Test
    void responderDeclaresAnIncidentAndLogsItsTimelineWithoutReloading() {
        ZoneId zone = afternoonZone();
        HindsightUser responder = users.create("responder", zone, Role.RESPONDER);
        LocalDateTime startedAt = LocalDate.now(zone).atTime(9, 0);

        String helper = TestUsers.unique("helper");
        userService.createExampleAccount(helper, "Helen Helper", helper + "@example.com", Role.RESPONDER);

        try (Browser browser = Browser.start(baseUrl())) {
            signIn(browser, responder);
            browser.find(By.linkText("Declare incident")).click();
            browser.await().until(urlMatches("/incidents/new$"));
            WebElement focused = browser.awaitFocus("title", "the declare form");
            focused.sendKeys("Checkout returns 502 for a third of requests");
            new Select(browser.find(By.id("severity"))).selectByValue("SEV1");
            typeDateTime(browser.find(By.id("startedAt")), startedAt);
            browser.find(By.id("impact")).sendKeys("Customers **cannot pay**; retries mostly fail.");
            // the responders field suggests accounts for the name after the last comma
            WebElement responders = browser.find(By.id("responders"));
            responders.sendKeys(responder.getUsername() + ", ");
            assertThat(((JavascriptExecutor) browser.driver()).executeScript("return document.querySelector("
                    + "'#' + arguments[0].getAttribute('list') + ' option[data-username=\"" + helper + "\"]').value",
                    responders)).isEqualTo(responder.getUsername() + ", " + helper);
            responders.sendKeys(helper);
            browser.screenshot("incident-01-declare");
            browser.find(MAIN_SUBMIT).click();

            browser.await().until(urlMatches(INCIDENT_PAGE));
            String key = browser.path().substring("/incidents/".length());
            assertThat(browser.find(FLASH).getText()).isEqualTo("Incident " + key + " declared.");
            assertThat(browser.find(HEADING).getText()).isEqualTo("Checkout returns 502 for a third of requests");
            assertThat(browser.find(By.id("incident-responders")).getText()).contains("Helen Helper");
            assertThat(browser.find(By.id("timeline-empty")).isDisplayed()).isTrue();
            browser.awaitFocus("text", "the cursor waits in the entry line");
            assertThat(browser.find(TIME_TO_MITIGATE).getText()).isEqualTo(NO_VALUE);
            markPage(browser);

            Row alert = log(browser, "Error rate alert fired on checkout", "-5m", "ALERT", "");
            assertThat(alert.kind()).isEqualTo("Alert");
            assertThat(browser.find(FEEDBACK).getText()).startsWith("Logged at ").endsWith("(relative to now).");
            assertThat(browser.find(By.id("timeline-empty")).isDisplayed()).as("'nothing logged' hint").isFalse();

            Row deadEnd = log(browser, "Suspected the CDN; purging it changed nothing", "09:30", "DEAD_END", "");
            assertThat(browser.find(FEEDBACK).getText())
                    .isEqualTo("Logged at " + LocalDate.now(zone) + " 09:30 " + zoneName(zone) + " (today).");
            assertThat(deadEnd.time()).isEqualTo("09:30 " + zoneName(zone));
            assertThat(deadEnd.kind()).isEqualTo("Dead end");
            assertThat(deadEnd.classes()).contains("dead-end");
            assertThat(deadEnd.leftBorder()).as("dead-end rule").isEqualTo("dashed");

            Row mitigated = log(browser, "Rolled back release 4.2; errors back to normal", "", "ACTION", "MITIGATED");
            assertThat(browser.find(FEEDBACK).getText()).startsWith("Logged at ").endsWith("(now).");
            assertThat(mitigated.kind()).isEqualTo("Action");
            assertThat(mitigated.moments()).containsExactly("Mitigated");
            browser.screenshot("incident-02-timeline-logged");

            browser.await().withTimeout(LIVE).withMessage("time to mitigate in the summary")
                    .until(d -> !d.findElement(TIME_TO_MITIGATE).getText().equals(NO_VALUE));
            assertThat(browser.find(TIME_TO_MITIGATE).getText()).matches("\\d+h \\d+m");
            assertThat(browser.find(By.id("summary-mitigatedAt")).getText()).startsWith(LocalDate.now(zone).toString());

            List<Row> rows = rows(browser);
            assertThat(rows).extracting(Row::text).containsExactly("Suspected the CDN; purging it changed nothing",
                    "Error rate alert fired on checkout", "Rolled back release 4.2; errors back to normal");
            assertThat(rows).extracting(Row::at).isSorted();
            assertThat(pageWasNotReloaded(browser)).isTrue();
            scrollTo(browser, browser.find(By.id("timeline")));
            browser.screenshot("incident-03-summary-mitigated");
        }
    }

    @Test
    void responderAddsAnActionItemWithOwnerAndDueDate() {
        HindsightUser responder = users.create("responder", Role.RESPONDER);
        HindsightUser owner = users.create("owner", Role.RESPONDER);
        String key = declare(responder, "Search index stale for two hours", null);
        LocalDate due = LocalDate.now().plusDays(14);

        try (Browser browser = Browser.start(baseUrl())) {
            signIn(browser, responder);
            browser.open("/incidents/" + key);
            assertThat(browser.find(By.cssSelector("#actions .muted")).getText()).isEqualTo("No action items yet.");
            WebElement form = browser.find(By.id("action-form"));
            assertThat(form.isDisplayed()).as("form folded away until asked for").isFalse();
            browser.find(By.cssSelector("details.add-action summary")).click();
            form.findElement(By.id("title")).sendKeys("Alert when the indexer lags more than 10 minutes");
            new Select(form.findElement(By.id("priority"))).selectByValue("HIGH");
            form.findElement(By.id("owner")).sendKeys(owner.getUsername());
            typeDate(form.findElement(By.id("dueDate")), due);
            scrollTo(browser, form);
            browser.screenshot("incident-04-action-form");
            form.findElement(By.cssSelector("button[type=submit]")).click();

            browser.await().until(urlMatches(INCIDENT_PAGE.replace("$", "#actions$")));
            assertThat(browser.find(FLASH).getText())
                    .isEqualTo("Action item \"Alert when the indexer lags more than 10 minutes\" added.");
            List<WebElement> rows = browser.driver().findElements(By.cssSelector("#actions table tbody tr"));
            assertThat(rows).hasSize(1);
            List<String> cells = rows.get(0).findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
            assertThat(cells.get(0)).isEqualTo("Alert when the indexer lags more than 10 minutes");
            assertThat(cells.get(3)).isEqualTo(owner.getDisplayName());
            assertThat(cells.get(4)).isEqualTo(due.toString());
            assertThat(cells.get(5)).isEqualTo("High");
            assertThat(cells.get(6)).isEqualTo("Open");
            scrollTo(browser, rows.get(0));
            browser.screenshot("incident-05-action-added");
        }
    }

    /**
     * Bob has not joined Alice's incident: he logs what he sees (no key moments offered), then joins with the
     * button and may mark key moments; Alice's page shows each step without reloading.
     */
    @Test
    void anEventLoggedByOneResponderAppearsLiveForAnotherAndOnlyOnce() {
        HindsightUser alice = users.create("alice", Role.RESPONDER);
        HindsightUser bob = users.create("bob", Role.RESPONDER);
        String key = declare(alice, "Payments webhook backlog", null);
        String text = "Bob: queue depth is falling since the consumer restart";

        try (Browser a = Browser.start(baseUrl()); Browser b = Browser.start(baseUrl())) {
            signIn(a, alice);
            signIn(b, bob);
            a.open("/incidents/" + key);
            b.open("/incidents/" + key);
            markPage(a);
            markPage(b);
            assertThat(b.driver().findElements(By.id("keyMoment"))).as("key moments offered before joining").isEmpty();
            assertThat(b.find(By.cssSelector("#join-form button")).getText()).isEqualTo("Join");

            Row own = log(b, text, "", "OBSERVATION", "");
            double posted = pageClock(b);
            assertThat(own.text()).isEqualTo(text);
            assertThat(own.meta()).contains(bob.getDisplayName());

            a.await().withTimeout(LIVE).withMessage("B's event on A's page")
                    .until(d -> !rowsWithText(a, text).isEmpty());
            assertThat(rowsWithText(a, text)).singleElement().satisfies(row -> {
                assertThat(row.kind()).isEqualTo("Observation");
                assertThat(row.meta()).contains(bob.getDisplayName());
            });
            assertThat(pageWasNotReloaded(a)).as("A's page not reloaded").isTrue();
            a.screenshot("incident-06-live-other-session");

            awaitPolls(b, posted, 2);
            assertThat(rowsWithText(b, text)).as("B's own row after the poll returned it again").hasSize(1);
            assertThat(rows(b)).hasSize(1);
            assertThat(pageWasNotReloaded(b)).as("B's page not reloaded").isTrue();
            b.screenshot("incident-07-live-own-session");

            // Bob joins: recorded on the timeline, shown on Alice's page as it happens
            b.find(By.cssSelector("#join-form button")).click();
            b.await().until(d -> !d.findElements(FLASH).isEmpty());
            assertThat(b.find(FLASH).getText()).isEqualTo("You joined " + key + " as a responder.");
            assertThat(b.find(By.cssSelector("#leave-form button")).getText()).isEqualTo("Leave");
            assertThat(b.driver().findElements(By.id("join-form"))).isEmpty();
            String joined = bob.getDisplayName() + " joined as responder";
            assertThat(rowsWithText(b, joined)).singleElement()
                    .satisfies(row -> assertThat(row.meta()).contains(bob.getDisplayName()));
            a.await().withTimeout(LIVE).withMessage("Bob's joining on Alice's page")
                    .until(d -> !rowsWithText(a, joined).isEmpty());
            a.await().withTimeout(LIVE).withMessage("Bob among the responders on Alice's page")
                    .until(d -> d.findElement(By.id("incident-responders")).getText().contains(bob.getDisplayName()));
            assertThat(pageWasNotReloaded(a)).as("A's page not reloaded").isTrue();

            // now he marks key moments, and Alice's summary follows
            markPage(b);
            Row mitigated = log(b, "Consumers caught up; backlog gone", "", "OBSERVATION", "MITIGATED");
            assertThat(mitigated.moments()).containsExactly("Mitigated");
            a.await().withTimeout(LIVE).withMessage("time to mitigate on Alice's page")
                    .until(d -> !d.findElement(TIME_TO_MITIGATE).getText().equals(NO_VALUE));
            a.screenshot("incident-07b-joined-live");
        }
    }

    @Test
    void scriptInMarkdownNeverRunsInTheBrowser() {
        HindsightUser responder = users.create("responder", Role.RESPONDER);
        String key = declare(responder, "Status page shows raw HTML", String.join("\n\n", XSS_VECTORS));

        try (Browser browser = Browser.start(baseUrl())) {
            signIn(browser, responder);
            browser.open("/incidents/" + key);
            markPage(browser);
            log(browser, "XSS probe " + String.join(" ", XSS_VECTORS), "", "NOTE", "");
            assertThat(xssRan(browser)).as("script ran after live insert").isFalse();
            assertThat(pageWasNotReloaded(browser)).isTrue();

            browser.driver().navigate().refresh();
            watchForBlockedScript(browser);
            assertThat(xssRan(browser)).as("script ran on loading the page").isFalse();
            WebElement eventText = browser.find(By.cssSelector("#timeline li.event .event-text"));
            assertThat(eventText.getText()).as("the vectors show as the text they are")
                    .contains("<script>window.__xss=1</script>", "<img src=x onerror=\"window.__xss=1\">");
            WebElement impactHtml = browser.find(By.cssSelector("#incident-summary .markdown"));
            assertThat(impactHtml.getText()).contains("<script>window.__xss=1</script>");
            assertThat(browser.driver().findElements(By.cssSelector(
                    ".markdown script, .markdown img, .markdown [onerror], .markdown [href^='javascript' i]")))
                    .as("active elements in rendered Markdown").isEmpty();
            browser.screenshot("incident-08-xss-event");
            scrollTo(browser, impactHtml);
            browser.screenshot("incident-09-xss-impact");

            List<WebElement> links = new ArrayList<>(eventText.findElements(By.tagName("a")));
            links.addAll(impactHtml.findElements(By.tagName("a")));
            assertThat(links).as("the four Markdown links, in the row and in the impact").hasSize(8);
            String page = browser.path();
            for (WebElement link : links) {
                assertThat(link.getDomAttribute("href")).as("href of " + link.getText()).isNull();
                scrollTo(browser, link);
                link.click();
                assertThatThrownBy(() -> browser.driver().switchTo().alert())
                        .as("alert after clicking " + link.getText()).isInstanceOf(NoAlertPresentException.class);
                assertThat(browser.path()).isEqualTo(page);
                assertThat(xssRan(browser)).as("script ran after clicking " + link.getText()).isFalse();
            }
            assertThat(blockedScripts(browser)).as("script the Content-Security-Policy had to stop").isEmpty();
        }
    }

    /**
     * A row's Delete asks first and deletes only when confirmed, Restore brings the event back; both buttons submit
     * the page's one form, whose CSRF token the rows (kept rendered for every viewer) do not carry themselves.
     */
    @Test
    void anEventIsDeletedAfterConfirmingAndRestored() {
        HindsightUser responder = users.create("deleter", Role.RESPONDER);
        String key = declare(responder, "Wrong region in the failover runbook", null);

        try (Browser browser = Browser.start(baseUrl())) {
            signIn(browser, responder);
            browser.open("/incidents/" + key);
            markPage(browser);
            Row logged = log(browser, "Logged on the wrong incident", "", "NOTE", "");
            browser.open("/incidents/" + key); // the rows as the page renders them, not as timeline.js inserted them
            By row = By.id("event-" + logged.id());
            By delete = By.cssSelector("#event-" + logged.id() + " button[formaction$='/delete']");

            browser.find(delete).click();
            browser.await().until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent());
            assertThat(browser.driver().switchTo().alert().getText()).isNotBlank();
            browser.driver().switchTo().alert().dismiss();
            assertThat(browser.find(row).getText()).as("kept when not confirmed").doesNotContain("(deleted)");

            browser.find(delete).click();
            browser.await().until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent());
            browser.driver().switchTo().alert().accept();
            browser.await().until(d -> !d.findElements(FLASH).isEmpty());
            assertThat(browser.find(row).getText()).contains("(deleted)");
            assertThat(browser.driver().findElements(delete)).isEmpty();

            browser.find(By.cssSelector("#event-" + logged.id() + " button[formaction$='/restore']")).click();
            browser.await().until(d -> !d.findElement(row).getText().contains("(deleted)"));
            assertThat(browser.find(row).getText()).contains("Logged on the wrong incident");
            assertThat(browser.driver().findElements(delete)).hasSize(1);
        }
    }

    // ---- the user's actions

    private String baseUrl() {
        return "http://localhost:" + port;
    }

    private static void signIn(Browser browser, HindsightUser user) {
        browser.open("/login");
        browser.find(By.id("username")).sendKeys(user.getUsername());
        browser.find(By.id("password")).sendKeys(TestUsers.PASSWORD);
        browser.find(MAIN_SUBMIT).click();
        browser.await().until(urlMatches("/incidents$"));
    }

    private String declare(HindsightUser by, String title, String impact) {
        return incidents.create(by, new IncidentCommands.NewIncident(title, Severity.SEV2, null, null, null, impact,
                null, List.of(), null));
    }

    /**
     * Types an event into the entry line of a {@link #markPage marked} page and presses Enter; returns its row
     * once the page shows it, checking that the page was not loaded again on the way.
     */
    private static Row log(Browser browser, String text, String at, String kind, String keyMoment) {
        browser.find(By.id("at")).sendKeys(at);
        new Select(browser.find(By.id("kind"))).selectByValue(kind);
        if (!keyMoment.isEmpty()) { // offered only to those who may set key moments
            new Select(browser.find(By.id("keyMoment"))).selectByValue(keyMoment);
        }
        browser.find(By.id("text")).sendKeys(text, Keys.ENTER);
        // the page empties the entry line when the server took the event
        browser.await().withMessage("the entry line emptied after logging \"" + text + "\"")
                .until(d -> d.findElement(By.id("text")).getDomProperty("value").isEmpty());
        assertThat(pageWasNotReloaded(browser)).as("page not reloaded by logging").isTrue();
        return rows(browser).stream().max(Comparator.comparingLong(Row::id)).orElseThrow();
    }

    /** Dates are typed as every view shows them (issue 14: one format, not the browser locale's). */
    private static void typeDate(WebElement input, LocalDate date) {
        input.sendKeys(date.toString());
        assertThat(input.getDomProperty("value")).as("typed date").isEqualTo(date.toString());
    }

    private static void typeDateTime(WebElement input, LocalDateTime at) {
        input.sendKeys(at.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)));
        assertThat(input.getDomProperty("value")).as("typed date and time")
                .isEqualTo(at.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")));
    }

    // ---- what the page shows

    /** One timeline row as the user sees it. */
    private record Row(long id, String at, String time, String kind, List<String> moments, String text, String meta,
            String classes, String leftBorder) {

        static Row of(WebElement row) {
            return new Row(Long.parseLong(row.getDomAttribute("id").substring("event-".length())),
                    row.getDomAttribute("data-at"), row.findElement(By.cssSelector(".event-time")).getText(),
                    row.findElement(By.cssSelector(".badge.kind")).getText(),
                    row.findElements(By.cssSelector(".badge.moment")).stream().map(WebElement::getText).toList(),
                    row.findElement(By.cssSelector(".event-text")).getText(),
                    row.findElement(By.cssSelector(".event-meta")).getText(), row.getDomAttribute("class"),
                    row.findElement(By.cssSelector(".event-body")).getCssValue("border-left-style"));
        }
    }

    /** The timeline rows in page order, read again if a poll replaces a row while they are read. */
    private static List<Row> rows(Browser browser) {
        return browser.await().ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(ROWS).stream().map(Row::of).toList());
    }

    private static List<Row> rowsWithText(Browser browser, String text) {
        return rows(browser).stream().filter(row -> row.text().contains(text)).toList();
    }

    private static void scrollTo(Browser browser, WebElement element) {
        script(browser, "arguments[0].scrollIntoView({block: 'center'})", element);
    }

    /** A mark that only survives while the page is not loaded again. */
    private static void markPage(Browser browser) {
        script(browser, "window.__journeyMark = 'still here'");
    }

    private static boolean pageWasNotReloaded(Browser browser) {
        return "still here".equals(script(browser, "return window.__journeyMark"));
    }

    /** The page's own clock ({@code performance.now()}), to tell which polls came after a moment. */
    private static double pageClock(Browser browser) {
        return ((Number) script(browser, "return performance.now()")).doubleValue();
    }

    /** Waits until {@code count} polls for changes, started after {@code since}, have been answered. */
    private static void awaitPolls(Browser browser, double since, int count) {
        String answeredPolls = "return performance.getEntriesByType('resource').filter(e =>"
                + " e.name.includes('/timeline/changes') && e.startTime > arguments[0] && e.responseEnd > 0).length";
        browser.await().withTimeout(LIVE).withMessage(count + " polls for changes")
                .until(d -> ((Number) script(browser, answeredPolls, since)).intValue() >= count);
    }

    private static boolean xssRan(Browser browser) {
        return !"undefined".equals(script(browser, "return typeof window.__xss"));
    }

    /** Records every script the Content-Security-Policy blocks from now on: sanitising should leave none. */
    private static void watchForBlockedScript(Browser browser) {
        script(browser, "window.__blocked = [];"
                + "document.addEventListener('securitypolicyviolation',"
                + " e => window.__blocked.push(e.violatedDirective + ' ' + e.blockedURI))");
    }

    @SuppressWarnings("unchecked")
    private static List<String> blockedScripts(Browser browser) {
        return (List<String>) script(browser, "return window.__blocked");
    }

    private static Object script(Browser browser, String script, Object... args) {
        return ((JavascriptExecutor) browser.driver()).executeScript(script, args);
    }

    // ---- time zones

    /**
     * A zone users can pick (region-based) where it is now early afternoon, with no clock change near: "09:30"
     * then means earlier today, and 09:00 is a plausible start.
     */
    private static ZoneId afternoonZone() {
        Instant now = Instant.now();
        return ZoneId.getAvailableZoneIds().stream().sorted()
                .filter(id -> id.contains("/") && !id.startsWith("Etc/") && !id.startsWith("SystemV/"))
                .map(ZoneId::of)
                .filter(zone -> now.atZone(zone).getHour() >= 12 && now.atZone(zone).getHour() <= 15)
                .filter(zone -> {
                    ZoneOffsetTransition next = zone.getRules().nextTransition(now.minus(Duration.ofDays(1)));
                    return next == null || next.getInstant().isAfter(now.plus(Duration.ofDays(1)));
                })
                .findFirst().orElseThrow();
    }

    /** The zone as the app prints it after a time ("HH:mm zzz"). */
    private static String zoneName(ZoneId zone) {
        return DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH).format(ZonedDateTime.now(zone));
    }
}
