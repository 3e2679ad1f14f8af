package org.hindsight.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * One format for dates and times in views and forms (2024-05-12 09:30, never the browser's locale), and each
 * person's 12- or 24-hour clock, chosen on the profile and used in every view and form.
 */
@DatabaseTest
class ClockPreferenceTest {

    private static final Instant START = Instant.parse("2024-05-12T19:30:00Z");

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    UserRepository userRepository;

    @Test
    void aTwelveHourReaderSeesAndTypesPmTimesAndOthersKeepTheTwentyFourHourClock() throws Exception {
        HindsightUser me = users.create("twelve-hour", ZoneId.of("Europe/Berlin"), Role.RESPONDER);
        HindsightUser colleague = users.create("twenty-four", ZoneId.of("Europe/Berlin"), Role.RESPONDER);
        String key = incidents.create(me, new NewIncident("Clock test", Severity.SEV3, null, START, null, null, null,
                List.of(), null));

        assertThat(page("/incidents/" + key, me)).contains("2024-05-12 21:30 CEST").doesNotContain("2024-05-12 9:30 PM");
        assertThat(page("/incidents/" + key + "/edit", me)).contains("value=\"2024-05-12 21:30\"")
                .contains("placeholder=\"YYYY-MM-DD HH:MM\"").doesNotContain("type=\"datetime-local\"");

        long version = userRepository.findById(me.getId()).orElseThrow().getVersion();
        mvc.perform(post("/profile").with(user(me)).with(csrf()).param("displayName", "Twelve")
                .param("email", "twelve@example.com").param("timeZone", "Europe/Berlin").param("hourCycle", "H12")
                .param("version", Long.toString(version))).andExpect(status().isFound());
        assertThat(userRepository.findById(me.getId()).orElseThrow().getHourCycle()).isEqualTo(HourCycle.H12);

        assertThat(page("/incidents/" + key, me)).contains("2024-05-12 9:30 PM CEST");
        assertThat(page("/incidents/" + key + "/edit", me)).contains("value=\"2024-05-12 9:30 PM\"")
                .contains("placeholder=\"YYYY-MM-DD H:MM AM\"");
        assertThat(page("/profile", me)).contains("<option value=\"H12\" selected=\"selected\">");
        assertThat(page("/incidents/" + key, colleague)).as("the colleague's own clock")
                .contains("2024-05-12 21:30 CEST").doesNotContain("2024-05-12 9:30 PM");

        // typed as shown, either clock, also in the other's form
        mvc.perform(post("/incidents/" + key + "/timeline").with(user(me)).with(csrf())
                .param("text", "Late deploy").param("at", "2024-05-12T21:45+02:00").param("kind", "NOTE"))
                .andExpect(status().isFound());
        String timeline = page("/incidents/" + key, me);
        assertThat(timeline).contains("9:45 PM CEST");
    }

    @Test
    void formsReadTheOneFormatAndTheIsoTheyUsedToSend() throws Exception {
        HindsightUser me = users.create("form-dates", ZoneId.of("UTC"), Role.RESPONDER);
        for (String typed : List.of("2024-05-12 09:30", "2024-05-12T09:30", "2024-05-12 9:30 am", "2024-05-12T09:30:00")) {
            String location = mvc.perform(post("/incidents").with(user(me)).with(csrf()).param("title", "Typed " + typed)
                            .param("severity", "SEV3").param("startedAt", typed))
                    .andExpect(status().isFound()).andReturn().getResponse().getRedirectedUrl();
            String key = location.substring(location.lastIndexOf('/') + 1);
            assertThat(incidents.details(key).startedAt()).as(typed).isEqualTo(Instant.parse("2024-05-12T09:30:00Z"));
        }
        String refused = mvc.perform(post("/incidents").with(user(me)).with(csrf()).param("title", "Bad time")
                        .param("severity", "SEV3").param("startedAt", "2024-05-12 13:30 pm"))
                .andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("A date and time as YYYY-MM-DD HH:MM").contains("value=\"2024-05-12 13:30 pm\"");
    }

    @Test
    void noFormLeavesTheFormatToTheBrowsersLocale() throws Exception {
        HindsightUser manager = users.create("no-locale-dates", Role.MANAGER);
        String key = incidents.create(manager, new NewIncident("Dates in forms", Severity.SEV3, null, START, null, null,
                null, List.of(), null));
        for (String path : List.of("/incidents/new", "/incidents/" + key + "/edit", "/incidents/" + key, "/actions",
                "/incidents/import")) {
            assertThat(page(path, manager)).as(path).doesNotContain("type=\"date\"")
                    .doesNotContain("type=\"datetime-local\"");
        }
        assertThat(page("/actions", manager)).contains("id=\"f-from\"").contains("placeholder=\"YYYY-MM-DD\"");
    }

    @Test
    void choosingTheTimelineOrderDoesNotMakeAnOpenProfileFormStale() throws Exception {
        HindsightUser me = users.create("order-and-profile", Role.RESPONDER);
        long version = userRepository.findById(me.getId()).orElseThrow().getVersion();
        mvc.perform(post("/profile/timeline-order").with(user(me)).with(csrf()).param("order", "NEWEST_FIRST")
                .param("back", "/incidents")).andExpect(status().isFound());
        assertThat(userRepository.findById(me.getId()).orElseThrow().getTimelineOrder())
                .isEqualTo(TimelineOrder.NEWEST_FIRST);
        mvc.perform(post("/profile").with(user(me)).with(csrf()).param("displayName", "Still Mine")
                .param("email", "mine@example.com").param("timeZone", "UTC").param("version", Long.toString(version)))
                .andExpect(status().isFound());
        assertThat(userRepository.findById(me.getId()).orElseThrow().getDisplayName()).isEqualTo("Still Mine");
    }

    private String page(String path, HindsightUser viewer) throws Exception {
        return mvc.perform(get(path).with(user(viewer))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
    }
}
