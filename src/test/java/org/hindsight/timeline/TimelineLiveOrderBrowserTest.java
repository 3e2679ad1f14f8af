package org.hindsight.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.support.Browser;
import org.hindsight.support.BrowserTest;
import org.hindsight.support.TestUsers;
import org.hindsight.timeline.TimelineService.NewEvent;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A responder's open incident page receives, through its live feed, two events logged in the same second on two other
 * instances: the one logged second has the smaller id (each instance holds a block of ids). The page places them in
 * the order they were logged, as a reload shows them, not by id.
 */
@BrowserTest
class TimelineLiveOrderBrowserTest {

    private static final By ROWS = By.cssSelector("#timeline li.event");

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void eventsOfOneSecondFromTwoInstancesArriveLiveInTheOrderTheyWereLogged() {
        HindsightUser responder = users.create("live-order", Role.RESPONDER);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String key = incidents.create(responder, new NewIncident("Two instances, one second", Severity.SEV2, null,
                now.minusSeconds(600), null, null, null, List.of(), null));
        long incidentId = incidents.idOf(key);
        timeline.post(responder, incidentId, new NewEvent("Paged the on-call", now.minusSeconds(300), EventKind.NOTE,
                Set.of(), false));

        try (Browser browser = Browser.start("http://localhost:" + port)) {
            browser.signIn(responder);
            browser.open("/incidents/" + key);
            assertThat(browser.driver().findElements(ROWS)).hasSize(1);

            OtherInstance instances = new OtherInstance(jdbc);
            long blockOfA = instances.takeBlock();
            long blockOfB = instances.takeBlock();
            Instant logged = Instant.now();
            long first = instances.log(incidentId, blockOfB, now, logged, EventKind.DEAD_END,
                    "Restarted the LB: no change");
            long second = instances.log(incidentId, blockOfA, now, logged.plusMillis(2), EventKind.OBSERVATION,
                    "Health checks time out at 2 s");
            assertThat(second).as("logged second, smaller id").isLessThan(first);

            browser.await().withMessage("both events arrive live").until(d -> d.findElements(ROWS).size() == 3);
            List<String> live = browser.driver().findElements(ROWS).stream().map(WebElement::getText)
                    .map(text -> text.contains("Restarted the LB") ? "first" : text.contains("Health checks")
                            ? "second" : "earlier")
                    .toList();
            List<String> ids = browser.driver().findElements(ROWS).stream().map(row -> row.getDomAttribute("id"))
                    .toList();

            browser.open("/incidents/" + key);
            List<String> reloaded = browser.driver().findElements(ROWS).stream()
                    .map(row -> row.getDomAttribute("id")).toList();
            assertThat(ids).as("live, as a reload shows them").isEqualTo(reloaded);
            boolean oldestFirst = "oldest".equals(browser.find(By.id("timeline")).getDomAttribute("data-shown-order"));
            assertThat(live).as("in the viewer's order").containsExactlyElementsOf(oldestFirst
                    ? List.of("earlier", "first", "second") : List.of("second", "first", "earlier"));
        }
    }
}
