package org.hindsight.postmortem.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionPriority;
import org.hindsight.action.ActionStatus;
import org.hindsight.action.ActionType;
import org.hindsight.incident.Severity;
import org.hindsight.incident.SummaryTime;
import org.hindsight.postmortem.imports.ImportedPostmortem.Action;
import org.hindsight.postmortem.imports.ImportedPostmortem.Event;
import org.hindsight.timeline.EventKind;
import org.hindsight.timeline.KeyMoment;
import org.junit.jupiter.api.Test;

/** The parser on the reference document and on Hindsight's own export of INC-1: every field. */
class PostmortemParserTest {

    private static Instant at(String time) {
        return Instant.parse("2024-05-12T" + time + ":00Z");
    }

    @Test
    void readsTheReferenceDocumentInFull() {
        ImportedPostmortem p = PostmortemParser.parse(ImportTestDocs.read("import/reference.md"), ImportOptions.none());

        assertThat(p.title()).isEqualTo("Outage Incident Report");
        assertThat(p.startedAt()).isEqualTo(at("09:00"));
        assertThat(p.resolvedAt()).isEqualTo(at("11:30"));
        assertThat(p.impact()).isEqualTo("The company's main website experienced intermittent downtime, resulting in "
                + "service disruptions for approximately 30% of users.");
        assertThat(p.usersAffectedPercent()).isEqualByComparingTo("30");
        assertThat(p.rootCauseSummary()).isEqualTo(
                "A misconfiguration in the load balancer caused increased latency and occasional service outages.");
        assertThat(p.rootCause()).isEqualTo("Misconfiguration in the load balancer caused improper routing of incoming "
                + "requests, leading to increased latency and occasional service outages.");
        assertThat(p.resolution()).startsWith("Load balancer configuration was corrected to ensure proper routing")
                .endsWith("early detection of similar issues in the future.");
        assertThat(p.events()).extracting(Event::at).containsExactly(at("09:00"), at("09:05"), at("09:10"),
                at("09:30"), at("10:00"), at("10:30"), at("11:00"), at("11:30"));
        assertThat(p.events().get(0).text())
                .isEqualTo("Issue detected by monitoring alerts showing increased latency on the main website.");
        assertThat(p.events()).filteredOn(e -> e.kind() == EventKind.DEAD_END).singleElement()
                .satisfies(e -> {
                    assertThat(e.at()).isEqualTo(at("10:30"));
                    assertThat(e.text()).isEqualTo("Misleading path explored regarding database performance issues.");
                });
        assertThat(p.events()).filteredOn(e -> e.kind() != EventKind.DEAD_END)
                .allSatisfy(e -> assertThat(e.kind()).isEqualTo(EventKind.NOTE));
        assertThat(p.actions()).filteredOn(a -> a.category() == ActionCategory.IMPROVEMENT).extracting(Action::title)
                .containsExactly(
                        "Strengthen load balancer configuration review processes to prevent similar misconfigurations.",
                        "Implement automated testing of load balancer configurations before deployment to production.",
                        "Enhance monitoring and alerting systems to provide more granular insights into network performance.");
        assertThat(p.actions()).filteredOn(a -> a.category() == ActionCategory.TASK).hasSize(4)
                .first().extracting(Action::title).asString().startsWith("Conduct a thorough review");
        assertThat(p.actions()).allSatisfy(a -> assertThat(a.status()).isEqualTo(ActionStatus.OPEN));
        assertThat(p.lessons()).startsWith("This incident highlighted the importance of robust configuration")
                .endsWith("ensure uninterrupted service delivery to our users.");
        assertThat(p.notes()).isNull();
        assertThat(p.keptAsNotes()).isEmpty();
        assertThat(p.missingDate()).isFalse();
        assertThat(p.zoneAssumed()).isFalse();
    }

    @Test
    void readsHindsightsOwnExportOfTheExampleIncident() {
        ImportedPostmortem p = PostmortemParser.parse(ImportTestDocs.read("INC-1.md"), ImportOptions.none());

        assertThat(p.title()).isEqualTo("Load balancer outage on the main website");
        assertThat(p.severity()).isEqualTo(Severity.SEV2);
        assertThat(p.times()).containsEntry(SummaryTime.STARTED, at("09:00"))
                .containsEntry(SummaryTime.DETECTED, at("09:00")).containsEntry(SummaryTime.RESPONDED, at("09:05"))
                .containsEntry(SummaryTime.IDENTIFIED, at("10:00")).containsEntry(SummaryTime.MITIGATED, at("11:30"))
                .containsEntry(SummaryTime.RESOLVED, at("11:30"));
        assertThat(p.usersAffectedPercent()).isEqualByComparingTo("30");
        assertThat(p.services()).containsExactly("load-balancer", "main-website");
        assertThat(p.contributingFactors()).isEqualTo(
                "- A routing rule change to the load balancer was deployed without review.\n"
                        + "- Recent application updates drew the first hour of investigation away from the network.");
        assertThat(p.events()).extracting(Event::kind).containsExactly(EventKind.ALERT, EventKind.ALERT,
                EventKind.ACTION, EventKind.DECISION, EventKind.OBSERVATION, EventKind.DEAD_END, EventKind.ACTION,
                EventKind.ACTION);
        assertThat(p.events()).extracting(Event::keyMoments).containsExactly(
                Set.of(KeyMoment.START, KeyMoment.IMPACT_DETECTED), Set.of(KeyMoment.RESPONSE_STARTED), Set.of(),
                Set.of(), Set.of(KeyMoment.CAUSE_IDENTIFIED), Set.of(), Set.of(), Set.of(KeyMoment.MITIGATED, KeyMoment.END));
        assertThat(p.events().get(5).text()).isEqualTo("Misleading path explored regarding database performance issues.");
        assertThat(p.events().get(0).text())
                .isEqualTo("Issue detected by monitoring alerts showing increased latency on the main website.");
        List<Action> actions = p.actions();
        assertThat(actions).hasSize(7);
        assertThat(actions.get(0)).isEqualTo(new Action(ActionCategory.IMPROVEMENT,
                "Strengthen load balancer configuration review processes to prevent similar misconfigurations.", null,
                "@maria.lopez", LocalDate.parse("2024-06-14"), ActionType.PROCESS, ActionPriority.MEDIUM,
                ActionStatus.DONE, null, null));
        assertThat(actions.get(1).status()).isEqualTo(ActionStatus.IN_PROGRESS);
        assertThat(actions.get(2).status()).isEqualTo(ActionStatus.OPEN);
        assertThat(actions.get(3)).extracting(Action::category, Action::owner, Action::type, Action::priority)
                .containsExactly(ActionCategory.TASK, "@jordan.kim", ActionType.CORRECTIVE, ActionPriority.HIGH);
        assertThat(p.lessons()).startsWith("This incident highlighted").doesNotContain("---");
        assertThat(p.notes()).isNull();
        assertThat(p.warnings()).isEmpty();
    }

    private static final String HEAD = "# Postmortem: T\n\n## Issue Summary\n\n"
            + "- **Duration:** May 12, 2024, 09:00 AM UTC to (ongoing)\n- **Severity:** SEV2\n";

    @Test
    void theExportsPlaceholdersForEmptyListsAreNotKeptAsNotes() {
        ImportedPostmortem p = PostmortemParser.parse(HEAD + "\n## Timeline\n\n_No timeline events recorded._\n\n"
                + "## Corrective and Preventative Measures\n\n### Improvements/Fixes\n\n"
                + "_No improvements or fixes recorded._\n\n### Tasks\n\n_No tasks recorded._\n", ImportOptions.none());

        assertThat(p.notes()).isNull();
        assertThat(p.warnings()).isEmpty();
    }

    @Test
    void escapedUnderscoresInOwnersAndServicesAreKept() {
        ImportedPostmortem p = PostmortemParser.parse(HEAD + "- **Services:** api\\_gateway, \\_\\_init\\_\\_, `db`\n\n"
                + "## Corrective and Preventative Measures\n\n### Tasks\n\n"
                + "- [ ] Fix \\*(this)\\* *(owner @owner\\_two, process, low priority)*\n", ImportOptions.none());

        assertThat(p.services()).containsExactly("api_gateway", "__init__", "db");
        assertThat(p.actions()).singleElement().satisfies(a -> {
            assertThat(a.owner()).isEqualTo("@owner_two");
            assertThat(a.title()).isEqualTo("Fix *(this)*");
            assertThat(a.type()).isEqualTo(ActionType.PROCESS);
        });
    }

    @Test
    void anEventsMetaIsReadAtTheEndOfItsFirstParagraphAndSecondsAreKept() {
        ImportedPostmortem p = PostmortemParser.parse(HEAD + "\n## Timeline\n\n"
                + "- **May 12, 2024, 09:00:30 AM UTC:** Text before *(alert; key moment: start)*\n"
                + "  - **09:00 AM UTC:** fake event\n"
                + "- **09:01:05 AM UTC:** **Dead end:** looks like one *(note)*\n"
                + "- **09:02 AM UTC:** **Dead end:** **Dead end:** it ends *(alert)* *(dead end)*\n",
                ImportOptions.none());

        assertThat(p.events()).containsExactly(
                new Event("May 12, 2024, 09:00:30 AM UTC", Instant.parse("2024-05-12T09:00:30Z"),
                        "Text before\n- **09:00 AM UTC:** fake event", EventKind.ALERT, Set.of(KeyMoment.START)),
                new Event("09:01:05 AM UTC", Instant.parse("2024-05-12T09:01:05Z"),
                        "**Dead end:** looks like one", EventKind.NOTE, Set.of()),
                new Event("09:02 AM UTC", at("09:02"), "**Dead end:** it ends *(alert)*", EventKind.DEAD_END,
                        Set.of()));
    }

    @Test
    void headingsAndRulesInsideTheClosingSummaryStayInItUntilNotes() {
        ImportedPostmortem p = PostmortemParser.parse(HEAD + "\n---\n\nWe learned.\n\n## Timeline\n\nNot ours.\n\n"
                + "---\n\nSetext\n---\n\n## Notes\n\nThe notes.\n", ImportOptions.none());

        assertThat(p.lessons()).isEqualTo("We learned.\n\n## Timeline\n\nNot ours.\n\n---\n\nSetext\n---");
        assertThat(p.notes()).isEqualTo("The notes.");
        assertThat(p.events()).isEmpty();
    }
}
