package org.hindsight.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlMatches;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The timeline form at the moment of an outage, in real Chromium: only the keyboard, the one-line grammar, a select
 * that no typed letter changes, the newest event kept in view, and a phone.
 */
@BrowserTest
class TimelineKeyboardBrowserTest {

    private static final By ROWS = By.cssSelector("#timeline li.event");
    private static final Duration LIVE = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    @Autowired
    DataSource dataSource;

    /** One line each: what the page must log, read back from the database. */
    private record Line(String typed, long minutesAgo, EventKind kind, Set<KeyMoment> moments, String text) {
    }

    @Test
    void aKeyboardOnlyResponderLogsTenEventsWithTimesKindsAndKeyMomentsFromTheMainField() {
        HindsightUser commander = users.create("keyboard-only", Role.RESPONDER);
        // declared 50 minutes ago: "!start" at -45m waits for confirmation, the later key moments set their times
        String key = incidents.create(commander, new NewIncident("Payments fail at checkout", Severity.SEV1, null,
                Instant.now().minus(Duration.ofMinutes(50)), null, null, null, List.of(), null));
        List<Line> lines = List.of(
                new Line("-45m /alert !start 5xx above 20% on checkout", 45, EventKind.ALERT, Set.of(KeyMoment.START),
                        "5xx above 20% on checkout"),
                new Line("-40m !detected customers report failed payments", 40, EventKind.NOTE,
                        Set.of(KeyMoment.IMPACT_DETECTED), "customers report failed payments"),
                new Line("-38m !response paged the payments on-call", 38, EventKind.NOTE,
                        Set.of(KeyMoment.RESPONSE_STARTED), "paged the payments on-call"),
                new Line("-30m /dead purged the CDN cache, no change", 30, EventKind.DEAD_END, Set.of(),
                        "purged the CDN cache, no change"),
                new Line("-25m /obs LB health checks flapping", 25, EventKind.OBSERVATION, Set.of(),
                        "LB health checks flapping"),
                new Line("-20m the LB config pushed this morning broke health checks !cause", 20, EventKind.NOTE,
                        Set.of(KeyMoment.CAUSE_IDENTIFIED), "the LB config pushed this morning broke health checks"),
                new Line("-15m /decision roll back the LB config", 15, EventKind.DECISION, Set.of(),
                        "roll back the LB config"),
                new Line("-10m /action rolled back the LB config !mitigated", 10, EventKind.ACTION,
                        Set.of(KeyMoment.MITIGATED), "rolled back the LB config"),
                new Line("-5m error rate back under 0.1%", 5, EventKind.NOTE, Set.of(), "error rate back under 0.1%"),
                new Line("all clear, closing the bridge !end", 0, EventKind.NOTE, Set.of(KeyMoment.END),
                        "all clear, closing the bridge"));

        try (Browser browser = Browser.start(baseUrl())) {
            signInWithKeyboard(browser, commander);
            browser.open("/incidents/" + key);
            for (int i = 0; i < lines.size(); i++) {
                int shown = i + 1;
                // the cursor is back in the main field after each event: type there, Enter, nothing else
                WebElement focused = browser.awaitFocus("text", "before line " + shown);
                focused.sendKeys(lines.get(i).typed() + Keys.ENTER);
                browser.await().withMessage("row " + shown).until(d -> d.findElements(ROWS).size() == shown);
            }
            browser.screenshot("timeline-keyboard-ten-events");
        }

        List<TimelineViews.TimelineRow> rows = timeline.timeline(commander, incidents.idOf(key)).rows();
        assertThat(rows).as("0 lost").hasSize(lines.size());
        Instant now = Instant.now();
        for (Line line : lines) {
            TimelineViews.TimelineRow row = rows.stream().filter(r -> r.text().equals(line.text())).findFirst()
                    .orElseThrow(() -> new AssertionError("lost or mis-read: " + line.typed()));
            assertThat(row.kind()).as(line.typed()).isEqualTo(line.kind());
            assertThat(row.keyMoments()).as(line.typed()).isEqualTo(line.moments());
            assertThat(Duration.between(row.at(), now).toSeconds()).as(line.typed())
                    .isCloseTo(line.minutesAgo() * 60, within(90L));
        }
        var incident = incidents.details(key);
        assertThat(incident.mitigatedAt()).isEqualTo(rows.stream()
                .filter(r -> r.keyMoments().contains(KeyMoment.MITIGATED)).findFirst().orElseThrow().at());
        assertThat(incident.resolvedAt()).isNotNull();
    }

    @Test
    void enterLogsFromASelectAndALetterTypedOnASelectNeverChangesIt() {
        HindsightUser commander = users.create("select-typist", Role.RESPONDER);
        String key = declare(commander, "Replica lag on db-2");
        try (Browser browser = Browser.start(baseUrl())) {
            signInWithKeyboard(browser, commander);
            browser.open("/incidents/" + key);
            WebElement text = browser.find(By.id("text"));
            text.sendKeys("Disk full on db-2", Keys.TAB, Keys.TAB);
            assertThat(active(browser).getDomAttribute("id")).isEqualTo("kind");
            active(browser).sendKeys(Keys.ENTER);
            browser.await().until(d -> d.findElements(ROWS).size() == 1);

            // on the key-moment select, "S" would pick Start by type-ahead: it goes to the text instead
            browser.find(By.id("text")).sendKeys("Checked the replicas", Keys.TAB, Keys.TAB, Keys.TAB);
            assertThat(active(browser).getDomAttribute("id")).isEqualTo("keyMoment");
            active(browser).sendKeys("S");
            assertThat(new Select(browser.find(By.id("keyMoment"))).getFirstSelectedOption().getDomAttribute("value"))
                    .isEmpty();
            assertThat(active(browser).getDomAttribute("id")).isEqualTo("text");
            assertThat(browser.find(By.id("text")).getDomProperty("value")).isEqualTo("Checked the replicasS");
            active(browser).sendKeys(Keys.BACK_SPACE, Keys.ENTER);
            browser.await().until(d -> d.findElements(ROWS).size() == 2);
        }
        List<TimelineViews.TimelineRow> rows = timeline.timeline(commander, incidents.idOf(key)).rows();
        assertThat(rows).extracting(TimelineViews.TimelineRow::text)
                .containsExactlyInAnyOrder("Disk full on db-2", "Checked the replicas");
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.kind()).isEqualTo(EventKind.NOTE);
            assertThat(row.keyMoments()).isEmpty();
        });
    }

    @Test
    void whatIsTypedWhileAnEventIsOnItsWayStaysAndASecondEnterLogsNothingTwice() {
        HindsightUser commander = users.create("fast-typist", Role.RESPONDER);
        String key = declare(commander, "Slow network during the outage");
        try (Browser browser = Browser.start(baseUrl())) {
            signInWithKeyboard(browser, commander);
            browser.open("/incidents/" + key);
            // the server answers the log 1.5 s late, as on a congested network
            script(browser, "var plain = window.fetch; window.fetch = function (url, options) {"
                    + " if (options && options.method === 'POST' && String(url).endsWith('/timeline')) {"
                    + "  return new Promise(r => setTimeout(r, 1500)).then(() => plain(url, options)); }"
                    + " return plain(url, options); };");
            WebElement text = browser.find(By.id("text"));
            text.sendKeys("Rollback started" + Keys.ENTER);
            text.sendKeys(" checking dashboards", Keys.TAB, Keys.TAB);
            assertThat(active(browser).getDomAttribute("id")).isEqualTo("kind");
            active(browser).sendKeys(Keys.ENTER);
            browser.await().until(d -> d.findElements(ROWS).size() == 1);
            browser.await().withMessage("the next line kept").until(d ->
                    "checking dashboards".equals(d.findElement(By.id("text")).getDomProperty("value")));
            // a second request would have been sent with the first: nothing more arrives after the first answer
            browser.await().until(d -> d.findElement(By.cssSelector("#timeline-entry button[type=submit]")).isEnabled());
        }
        assertThat(timeline.timeline(commander, incidents.idOf(key)).rows())
                .extracting(TimelineViews.TimelineRow::text).containsExactly("Rollback started");
    }

    /**
     * The incident is held elsewhere (an operator's open transaction) for longer than a post may wait: Enter logs
     * nothing, says why, and keeps the line; Enter again, once it is free, logs it once.
     */
    @Test
    void aLineSentWhileTheIncidentIsBusyIsKeptWithTheReasonAndLogsOnceItIsFree() throws Exception {
        HindsightUser commander = users.create("busy-typist", Role.RESPONDER);
        String key = declare(commander, "Primary database failing over");
        long incidentId = incidents.idOf(key);
        try (Browser browser = Browser.start(baseUrl())) {
            signInWithKeyboard(browser, commander);
            browser.open("/incidents/" + key);
            try (Connection holder = dataSource.getConnection()) {
                holder.setAutoCommit(false);
                try (PreparedStatement lock = holder.prepareStatement("update incident set title = title where id = ?")) {
                    lock.setLong(1, incidentId);
                    lock.executeUpdate();
                }
                browser.find(By.id("text")).sendKeys("Promoted the replica in eu-west" + Keys.ENTER);
                // the post gives up after H2's lock timeout (10 s; browser tests run on H2)
                new WebDriverWait(browser.driver(), Duration.ofSeconds(40)).withMessage("the busy message")
                        .until(d -> d.findElement(By.id("entry-feedback")).getText()
                                .contains("Not logged: the incident was busy"));
                assertThat(browser.find(By.id("text")).getDomProperty("value"))
                        .isEqualTo("Promoted the replica in eu-west");
                assertThat(browser.driver().findElements(ROWS)).isEmpty();
                holder.rollback();
            }
            browser.find(By.id("text")).sendKeys(Keys.ENTER);
            browser.await().until(d -> d.findElements(ROWS).size() == 1);
            browser.await().until(d -> d.findElement(By.id("text")).getDomProperty("value").isEmpty());
        }
        assertThat(timeline.timeline(commander, incidentId).rows()).extracting(TimelineViews.TimelineRow::text)
                .containsExactly("Promoted the replica in eu-west");
    }

    @Test
    void theLineIsReadBackBeforeEnter() {
        HindsightUser commander = users.create("previewer", Role.RESPONDER);
        String key = declare(commander, "Queue backlog");
        try (Browser browser = Browser.start(baseUrl())) {
            signInWithKeyboard(browser, commander);
            browser.open("/incidents/" + key);
            browser.find(By.id("text")).sendKeys("-5m /dead restarted the consumers !mitigated");
            browser.await().withMessage("preview").until(d -> d.findElement(By.id("entry-preview")).getText()
                    .endsWith("(relative to now) · Dead end · marks Mitigated"));
            browser.find(By.id("text")).sendKeys(Keys.chord(Keys.CONTROL, "a"), "/dead /alert two kinds");
            browser.await().withMessage("preview error").until(d -> d.findElement(By.id("entry-preview")).getText()
                    .contains("Two kinds in one line"));
            assertThat(timeline.timeline(commander, incidents.idOf(key)).rows()).as("nothing logged").isEmpty();
        }
    }

    @Test
    void aNewEventOutOfViewIsAnnouncedAndTheFormStaysInView() {
        HindsightUser commander = users.create("long-reader", Role.RESPONDER);
        String key = declare(commander, "A long incident");
        long incidentId = incidents.idOf(key);
        Instant first = Instant.now().minus(Duration.ofHours(3));
        for (int i = 0; i < 80; i++) {
            timeline.post(commander, incidentId, new TimelineService.NewEvent("Earlier event " + i,
                    first.plusSeconds(60L * i), EventKind.NOTE, Set.of(), false));
        }
        try (Browser browser = Browser.start(baseUrl())) {
            signInWithKeyboard(browser, commander);
            browser.open("/incidents/" + key);
            script(browser, "window.scrollTo(0, 1200)");
            double formTop = ((Number) script(browser,
                    "return document.getElementById('timeline-entry').getBoundingClientRect().top")).doubleValue();
            assertThat(formTop).as("the form sticks to the top while scrolling").isBetween(-1.0, 1.0);
            assertThat(browser.find(By.id("new-events")).isDisplayed()).isFalse();

            HindsightUser other = users.create("other-responder", Role.RESPONDER);
            timeline.post(other, incidentId, new TimelineService.NewEvent("Newest, from someone else",
                    Instant.now(), EventKind.NOTE, Set.of(), false));
            browser.await().withTimeout(LIVE).withMessage("new events button")
                    .until(d -> d.findElement(By.id("new-events")).isDisplayed());
            assertThat(browser.find(By.id("new-events")).getText()).isEqualTo("1 new event \u2193");
            browser.screenshot("timeline-new-events");
            browser.find(By.id("new-events")).click();
            browser.await().until(d -> !d.findElement(By.id("new-events")).isDisplayed());
            WebElement newest = browser.find(By.xpath("//li[contains(@class,'event')][.//text()[contains(., 'Newest, from someone else')]]"));
            assertThat(inView(browser, newest)).isTrue();
        }
    }

    @Test
    void onAPhoneTheFormAndTheNewestEventsComeFirst() {
        HindsightUser commander = users.create("phone-user", Role.RESPONDER);
        String title = "Checkout down on mobile " + Long.toHexString(System.nanoTime());
        String key = declare(commander, title);
        long incidentId = incidents.idOf(key);
        Instant first = Instant.now().minus(Duration.ofHours(1));
        for (int i = 0; i < 20; i++) {
            timeline.post(commander, incidentId, new TimelineService.NewEvent("Event " + i, first.plusSeconds(60L * i),
                    EventKind.NOTE, Set.of(), false));
        }
        try (Browser browser = Browser.start(baseUrl())) {
            signInWithKeyboard(browser, commander);
            browser.driver().manage().window().setSize(new Dimension(390, 844));
            browser.open("/incidents/" + key);
            double formTop = ((Number) script(browser, "return document.getElementById('timeline-entry')"
                    + ".getBoundingClientRect().top + window.scrollY")).doubleValue();
            assertThat(formTop).as("the form is on the first screen").isLessThan(600);
            List<WebElement> rows = browser.driver().findElements(ROWS);
            assertThat(rows.get(0).getText()).contains("Event 19");
            assertThat(rows.get(rows.size() - 1).getText()).contains("Event 0");
            assertThat(((Number) script(browser, "return document.documentElement.scrollWidth")).intValue())
                    .as("no sideways scrolling").isLessThanOrEqualTo(390);
            browser.screenshot("timeline-phone");

            browser.find(By.id("text")).sendKeys("Logged from the phone" + Keys.ENTER);
            browser.await().until(d -> d.findElements(ROWS).size() == 21);
            assertThat(browser.driver().findElements(ROWS).get(0).getText()).contains("Logged from the phone");

            // the incident list: a card per incident, status, start and duration in view, nothing sideways
            // filtered to this incident: other tests' incidents may fill the first page
            browser.open("/incidents?q=" + title.replace(' ', '+'));
            assertThat(((Number) script(browser, "return document.documentElement.scrollWidth")).intValue())
                    .as("no sideways scrolling on the list").isLessThanOrEqualTo(390);
            WebElement card = browser.find(By.xpath("//tr[.//a[text()='" + key + "']]"));
            for (String cell : List.of("status", "started", "duration")) {
                WebElement shown = card.findElement(By.cssSelector("td." + cell));
                assertThat(shown.isDisplayed()).as(cell).isTrue();
                assertThat(((Number) script(browser, "return arguments[0].getBoundingClientRect().right", shown))
                        .doubleValue()).as(cell + " within the screen").isLessThanOrEqualTo(390);
            }
            assertThat((String) script(browser, "return getComputedStyle(arguments[0], '::before').content",
                    card.findElement(By.cssSelector("td.status")))).as("each cell is named").isEqualTo("\"Status: \"");
            browser.screenshot("incident-list-phone");
        }
    }

    private String declare(HindsightUser by, String title) {
        return incidents.create(by, new NewIncident(title, Severity.SEV2, null, null, null, null, null, List.of(),
                null));
    }

    private static void signInWithKeyboard(Browser browser, HindsightUser user) {
        browser.open("/login");
        browser.find(By.id("username")).sendKeys(user.getUsername(), Keys.TAB, TestUsers.PASSWORD, Keys.ENTER);
        browser.await().until(urlMatches("/incidents$"));
    }

    private static WebElement active(Browser browser) {
        return browser.driver().switchTo().activeElement();
    }

    private static boolean inView(Browser browser, WebElement element) {
        return (Boolean) script(browser, "var r = arguments[0].getBoundingClientRect();"
                + " return r.bottom > 0 && r.top < window.innerHeight;", element);
    }

    private static Object script(Browser browser, String script, Object... args) {
        return ((JavascriptExecutor) browser.driver()).executeScript(script, args);
    }

    private String baseUrl() {
        return "http://localhost:" + port;
    }
}
