package org.hindsight.postmortem.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import org.hindsight.example.ExampleIncident;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.postmortem.ExportOptions;
import org.hindsight.postmortem.imports.ImportOptions;
import org.hindsight.postmortem.imports.ImportedPostmortem;
import org.hindsight.postmortem.imports.PostmortemParser;
import org.hindsight.postmortem.templates.PostmortemTemplates;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.timeline.EventKind;
import org.hindsight.timeline.KeyMoment;
import org.hindsight.timeline.TimelineService;
import org.hindsight.user.DatabaseUserDetailsService;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.annotation.Transactional;

/** The default export of the example incident is the golden file, byte for byte; options change times as asked. */
@DatabaseTest
@Transactional
class PostmortemExportTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    PostmortemExporter exporter;

    @Autowired
    PostmortemTemplates templates;

    @Autowired
    DatabaseUserDetailsService userDetails;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    @Autowired
    TestUsers testUsers;

    @Test
    void theExampleIncidentExportsExactlyAsTheGoldenFile() throws IOException {
        String key = ExampleIncident.load(context);
        String markdown = exporter.export(userDetails.loadUserByUsername("maria.lopez"), key,
                ExportOptions.parse(null, null, null, templates::exists)).markdown();
        assertThat(markdown).isEqualTo(golden());
    }

    @Test
    void anotherZoneAndThe24HourClockChangeEveryTimeAndNameTheZone() {
        String key = ExampleIncident.load(context);
        String markdown = exporter.export(userDetails.loadUserByUsername("maria.lopez"), key,
                ExportOptions.parse("Europe/Berlin", "24", "reference", templates::exists)).markdown();
        assertThat(markdown)
                .contains("- **Duration:** May 12, 2024, 11:00 CEST to May 12, 2024, 13:30 CEST (2 h 30 min)")
                .contains("- **Time zone:** Europe/Berlin")
                .contains("- **May 12, 2024, 11:00 CEST:** Issue detected")
                .contains("- **11:05 CEST:** Engineering team")
                .doesNotContain(" AM ").doesNotContain("UTC");
    }

    @Test
    void aTimelineCrossingMidnightInTheExportZoneDatesTheEventsAfterIt() {
        HindsightUser me = testUsers.create("midnight", Role.MANAGER);
        Instant start = Instant.parse("2024-05-13T03:30:00Z");
        String key = incidents.create(me, new NewIncident("Late night", Severity.SEV3, null, start, null, null, null,
                List.of(), null));
        long id = incidents.idOf(key);
        timeline.post(me, id, new TimelineService.NewEvent("Before midnight in New York.", start, EventKind.NOTE,
                Set.of(), false));
        timeline.post(me, id, new TimelineService.NewEvent("After midnight in New York.", start.plusSeconds(3600),
                EventKind.NOTE, Set.of(), false));

        String utc = exporter.export(me, key, ExportOptions.parse("UTC", "12", null, templates::exists)).markdown();
        assertThat(utc).contains("- **May 13, 2024, 03:30 AM UTC:** Before midnight in New York.\n"
                + "- **04:30 AM UTC:** After midnight in New York.\n");

        String newYork = exporter.export(me, key, ExportOptions.parse("America/New_York", "12", null, templates::exists))
                .markdown();
        assertThat(newYork).contains("- **May 12, 2024, 11:30 PM EDT:** Before midnight in New York.\n"
                + "- **May 13, 2024, 12:30 AM EDT:** After midnight in New York.\n")
                .contains("- **Time zone:** America/New_York")
                .contains("- **Duration:** May 12, 2024, 11:30 PM EDT to (ongoing)");
    }

    @Test
    void secondsAndTextsThatLookLikeTheExportsOwnMarksAreWrittenSoThatTheyReadBack() {
        HindsightUser me = testUsers.create("seconds", Role.MANAGER);
        Instant start = Instant.parse("2024-05-12T09:00:30Z");
        String key = incidents.create(me, new NewIncident("Seconds", Severity.SEV3, null, start, null, null, null,
                List.of(), null));
        long id = incidents.idOf(key);
        timeline.post(me, id, new TimelineService.NewEvent("Ends like a meta *(alert)*", start, EventKind.NOTE,
                Set.of(), false));
        timeline.post(me, id, new TimelineService.NewEvent("**Dead end:** said a note", start.plusSeconds(30),
                EventKind.NOTE, Set.of(), false));
        timeline.post(me, id, new TimelineService.NewEvent("A dead end *(alert)*", start.plusSeconds(90),
                EventKind.DEAD_END, Set.of(), false));

        String markdown = exporter.export(me, key, ExportOptions.parse("UTC", "24", null, templates::exists)).markdown();

        assertThat(markdown).contains("- **Duration:** May 12, 2024, 09:00:30 UTC to (ongoing)\n")
                .contains("- **May 12, 2024, 09:00:30 UTC:** Ends like a meta *(alert)* *(note)*\n"
                        + "- **09:01 UTC:** **Dead end:** said a note *(note)*\n"
                        + "- **09:02 UTC:** **Dead end:** A dead end *(alert)* *(dead end)*\n");
        assertThat(PostmortemParser.parse(markdown, ImportOptions.none()).events())
                .extracting(ImportedPostmortem.Event::at, ImportedPostmortem.Event::text,
                        ImportedPostmortem.Event::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(start, "Ends like a meta *(alert)*", EventKind.NOTE),
                        org.assertj.core.groups.Tuple.tuple(start.plusSeconds(30), "**Dead end:** said a note",
                                EventKind.NOTE),
                        org.assertj.core.groups.Tuple.tuple(start.plusSeconds(90), "A dead end *(alert)*",
                                EventKind.DEAD_END));
    }

    @Test
    void optionsAreCheckedAndNamed() {
        assertThat(ExportOptions.parse(" ", "", "", templates::exists)).isEqualTo(ExportOptions.reference());
        assertThat(ExportOptions.parse(null, null, "sre", templates::exists).clock24()).isTrue();
        assertThat(ExportOptions.parse("Asia/Tokyo", "12", "compact", templates::exists).zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertInvalid("Mars/Olympus", null, null, "zone");
        assertInvalid("+02:00", null, null, "zone");
        assertInvalid(null, "13", null, "clock");
        assertInvalid(null, null, "fancy", "template");
        assertInvalid(null, null, "team-987654", "template");
    }

    private void assertInvalid(String zone, String clock, String template, String parameter) {
        try {
            ExportOptions.parse(zone, clock, template, templates::exists);
            throw new AssertionError("accepted " + parameter);
        } catch (ExportOptions.InvalidExportOption e) {
            assertThat(e.parameter()).isEqualTo(parameter);
        }
    }

    static String golden() throws IOException {
        try (InputStream in = PostmortemExportTest.class.getResourceAsStream("/postmortem/INC-1.md")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
