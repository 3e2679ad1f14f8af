package org.hindsight.postmortem.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;

import org.hindsight.incident.SummaryTime;
import org.hindsight.postmortem.imports.ImportedPostmortem.Action;
import org.junit.jupiter.api.Test;

/**
 * The general rules that read postmortems in many layouts (zones in prose, summary times in sentences, key moments
 * in words, owners and due dates around an action's title) stay quiet on ordinary text that only looks like them.
 */
class ImportHeuristicsTest {

    private static final String TIMELINE = "## Timeline\n\n- 2024-11-12 09:00 UTC Errors rise\n"
            + "- 2024-11-12 09:30 UTC Errors back to normal\n";

    private static ImportedPostmortem parse(String markdown) {
        return PostmortemParser.parse(markdown, ImportOptions.none());
    }

    @Test
    void aSentenceAboutSomethingElseStatesNoSummaryTime() {
        ImportedPostmortem p = parse("# Checkout errors\n\nOur traffic peaks from 14:00 to 16:00 UTC. The team "
                + "started the rollback at 09:20 UTC, and latency went from 1:20 to 3:45.\n\n" + TIMELINE);
        assertThat(p.startedAt()).isEqualTo(Instant.parse("2024-11-12T09:00:00Z"));
        assertThat(p.resolvedAt()).isEqualTo(Instant.parse("2024-11-12T09:30:00Z"));
        assertThat(p.evidence().get(SummaryTime.RESOLVED).code()).isEqualTo("import.evidence.lastEntry");

        ImportedPostmortem stated = parse("# Checkout errors\n\nThe outage ran from 08:55 to 09:40 UTC.\n\n" + TIMELINE);
        assertThat(stated.startedAt()).isEqualTo(Instant.parse("2024-11-12T08:55:00Z"));
        assertThat(stated.resolvedAt()).isEqualTo(Instant.parse("2024-11-12T09:40:00Z"));
    }

    @Test
    void onlyWordsThatDeclareTimesDeclareAZone() {
        String timeline = "## Timeline\n\n- 2024-11-12 09:00 Errors rise\n- 2024-11-12 09:30 Errors back to normal\n";
        for (String prose : new String[] {"Response times from the central database doubled.",
                "Page load times in Asia Pacific rose sharply."}) {
            ImportedPostmortem p = parse("# Slow pages\n\n" + prose + "\n\n" + timeline);
            assertThat(p.startedAt()).as(prose).isEqualTo(Instant.parse("2024-11-12T09:00:00Z"));
            assertThat(p.zoneAssumed()).as(prose).isTrue();
        }
        ImportedPostmortem declared = parse("# Slow pages\n\nAll times in this review are Pacific.\n\n" + timeline);
        assertThat(declared.startedAt()).isEqualTo(Instant.parse("2024-11-12T17:00:00Z"));
        assertThat(declared.zoneAssumed()).isFalse();
    }

    @Test
    void anOngoingIncidentGetsNoEndFromItsProse() {
        ImportedPostmortem p = parse("# Postmortem: Replica lag\n\n## Issue Summary\n\n"
                + "- **Duration:** May 12, 2024, 09:00 AM UTC to (ongoing)\n"
                + "- **Impact:** Reads were stale until the primary was restored at 10:15 AM UTC.\n\n"
                + "## Timeline\n\n- **09:00 AM UTC:** Lag alert\n- **09:40 AM UTC:** Replica rebuilt\n");
        assertThat(p.startedAt()).isEqualTo(Instant.parse("2024-05-12T09:00:00Z"));
        assertThat(p.resolvedAt()).isNull();
    }

    @Test
    void aLaterSectionDoesNotMoveTheIncidentsDate() {
        ImportedPostmortem p = parse("# Cache outage\n\nDate: 2024-11-12\n\n## Timeline\n\n- 09:00 Hit rate falls\n"
                + "- 09:20 Caches warm\n\n## Previous incident\n\n- Date: 2023-03-01\n- Impact: similar\n");
        assertThat(p.startedAt()).isEqualTo(Instant.parse("2024-11-12T09:00:00Z"));
        assertThat(p.notes()).contains("2023-03-01");
    }

    @Test
    void anOrdinaryEntryThatEndsInStartedIsNoKeyMoment() {
        ImportedPostmortem p = parse("# Deploy\n\n## Timeline\n\n- 2024-11-12 09:00 UTC Alert fires\n"
                + "- 2024-11-12 09:10 UTC Rollback - started\n- 2024-11-12 09:30 UTC Rollback - ended\n"
                + "- 2024-11-12 10:00 UTC Error rate normal\n");
        assertThat(p.events()).allSatisfy(e -> assertThat(e.keyMoments()).isEmpty());
        assertThat(p.startedAt()).isEqualTo(Instant.parse("2024-11-12T09:00:00Z"));
        assertThat(p.resolvedAt()).isEqualTo(Instant.parse("2024-11-12T10:00:00Z"));
    }

    @Test
    void tagsAndCodesBeforeAnActionAreNoOwnerOrTicket() {
        ImportedPostmortem p = parse("# Deploy\n\n" + TIMELINE + "\n## Action items\n\n- [P1] Add alerting\n"
                + "- [WIP] Rotate keys\n- SHA-256 checksums for uploads\n- COVID-19 rota for on-call\n");
        assertThat(p.actions()).extracting(Action::title).containsExactly("[P1] Add alerting", "[WIP] Rotate keys",
                "SHA-256 checksums for uploads", "COVID-19 rota for on-call");
        assertThat(p.actions()).extracting(Action::owner).containsOnlyNulls();

        ImportedPostmortem tickets = parse("# Deploy\n\n" + TIMELINE + "\n## Action items\n\n"
                + "- OPS-2201 Update the firmware\n- OPS-2202 Add a boot test\n- [Storage] Replace the disks\n");
        assertThat(tickets.actions()).extracting(Action::title).containsExactly("Update the firmware",
                "Add a boot test", "Replace the disks");
        assertThat(tickets.actions().get(2).owner()).isEqualTo("Storage");
    }

    @Test
    void onlyAShortNameBesideMetaIsAnOwnerAndADanglingDashGoes() {
        ImportedPostmortem p = parse("# Deploy\n\n" + TIMELINE + "\n## Action items\n\n"
                + "- Patch the parser (CVE-2024-1234, done)\n- Tune the pool (v3.5, high priority)\n"
                + "- Split the monolith - phase 2, in progress\n- Add alerting - @bob by Dec 15\n"
                + "- Rehearse failover (compute, 2024-12-03, done)\n");
        assertThat(p.actions()).extracting(Action::owner).containsExactly(null, null, null, "@bob", "compute");
        assertThat(p.actions().get(3).title()).isEqualTo("Add alerting");
        assertThat(p.actions().get(3).dueDate()).isEqualTo(LocalDate.of(2024, 12, 15));
        assertThat(p.actions().get(4).dueDate()).isEqualTo(LocalDate.of(2024, 12, 3));
    }

    @Test
    void aDueDateWithoutAYearFallsOnOrAfterTheIncident() {
        ImportedPostmortem p = parse("# Deploy\n\n" + TIMELINE + "\n## Action items\n\n- Add alerting (owner: bob, "
                + "due Jan 31)\n- Tune the pool (owner: ann, due Dec 20)\n");
        assertThat(p.actions()).extracting(Action::dueDate).containsExactly(LocalDate.of(2025, 1, 31),
                LocalDate.of(2024, 12, 20));

        ImportedPostmortem undated = parse("# Deploy\n\n## Action items\n\n- Add alerting (owner: bob, due Jan 31)\n");
        assertThat(undated.actions().get(0).dueDate()).isNull();
        assertThat(undated.warnings()).extracting(w -> w.code()).contains("import.warning.dueUnread");
    }

    @Test
    void sectionsAndTablesAreTakenForWhatTheyAre() {
        ImportedPostmortem p = parse("# Deploy\n\n| Service | Impact |\n|---|---|\n| checkout | 40% errors |\n"
                + "| search | slow |\n\n" + TIMELINE + "\n## Follow-ups from the root cause review\n\n- Add alerting\n"
                + "- Tune the pool\n");
        assertThat(p.services()).isEmpty();
        assertThat(p.notes()).contains("| checkout | 40% errors |");
        assertThat(p.actions()).extracting(Action::title).containsExactly("Add alerting", "Tune the pool");
        assertThat(p.rootCause()).isNull();
    }

    @Test
    void aDurationsLengthOutranksTheMitigationForTheEnd() {
        ImportedPostmortem p = parse("# Deploy\n\n- Start: 2024-11-12 09:00 UTC\n- Mitigated: 2024-11-12 09:30 UTC\n"
                + "- Duration: 3 hours\n\n" + TIMELINE);
        assertThat(p.resolvedAt()).isEqualTo(Instant.parse("2024-11-12T12:00:00Z"));
        assertThat(p.evidence().get(SummaryTime.RESOLVED).guess()).isFalse();
    }
}
