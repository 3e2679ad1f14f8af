package org.hindsight.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.timeline.TimelineService.NewEvent;
import org.hindsight.timeline.TimelineViews.TimelineRow;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Two instances behind a load balancer each hold a block of event ids of their own (V28), so an event logged later
 * may have the smaller id. Events in the same second (times are kept to the second) still show in the order they were
 * logged, on the page, in every window of it, and in the dead-end time, which runs to the event logged next.
 */
@DatabaseTest
class TimelineOrderAcrossInstancesTest {

    private static final Instant SECOND = Instant.parse("2024-05-12T09:10:00Z");

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    @Autowired
    DeadEndTimes deadEnds;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MockMvc mvc;

    @Test
    void eventsInTheSameSecondFollowTheOrderTheyWereLoggedNotTheirIds() throws Exception {
        HindsightUser responder = users.create("order", Role.RESPONDER);
        String key = incidents.create(users.create("order-lead", Role.MANAGER), new NewIncident("Order of ties",
                Severity.SEV2, null, Instant.parse("2024-05-12T09:00:00Z"), null, null, null, List.of(), null));
        long incidentId = incidents.idOf(key);

        // instance B took its block after instance A; B logs the dead end first, A the observation a moment later
        OtherInstance instances = new OtherInstance(jdbc);
        long blockOfA = instances.takeBlock();
        long blockOfB = instances.takeBlock();
        Instant loggedFirst = Instant.now().minusSeconds(5);
        long deadEnd = instances.log(incidentId, blockOfB, SECOND, loggedFirst, EventKind.DEAD_END,
                "Purged the CDN cache: no change");
        long observation = instances.log(incidentId, blockOfA, SECOND, loggedFirst.plusMillis(1),
                EventKind.OBSERVATION, "LB health checks flapping");
        assertThat(observation).as("logged later, smaller id").isLessThan(deadEnd);
        timeline.post(responder, incidentId, new NewEvent("Rolled back the LB config", SECOND.plus(Duration
                .ofMinutes(30)), EventKind.ACTION, Set.of(), false));

        assertThat(timeline.timeline(responder, incidentId).rows()).extracting(TimelineRow::text).containsExactly(
                "Purged the CDN cache: no change", "LB health checks flapping", "Rolled back the LB config");

        long revision = jdbc.queryForObject("select revision from incident where id = ?", Long.class, incidentId);
        TimelineViews.Timeline newestTwo = timeline.window(responder, incidentId, revision, null, 2);
        assertThat(newestTwo.rows()).extracting(TimelineRow::text)
                .containsExactly("LB health checks flapping", "Rolled back the LB config");
        assertThat(newestTwo.earlier()).as("the dead end, before the window").isEqualTo(1);
        assertThat(timeline.window(responder, incidentId, revision, observation, 10).rows())
                .extracting(TimelineRow::text).as("the window before the observation")
                .containsExactly("Purged the CDN cache: no change");

        assertThat(deadEnds.seconds(incidentId, revision)).as("the dead end ran to the event logged next")
                .isZero();

        var page = Jsoup.parse(mvc.perform(get("/incidents/" + key).with(user(responder))).andReturn().getResponse()
                .getContentAsString());
        assertThat(page.select("#timeline li.event").eachAttr("id"))
                .containsSubsequence("event-" + deadEnd, "event-" + observation);
        assertThat(Long.parseLong(page.getElementById("event-" + deadEnd).attr("data-logged")))
                .as("the order key the live feed places rows by")
                .isLessThan(Long.parseLong(page.getElementById("event-" + observation).attr("data-logged")));
    }
}
