package org.hindsight.postmortem.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;

import org.hindsight.action.ActionPriority;
import org.hindsight.action.ActionStatus;
import org.hindsight.action.ActionType;
import org.hindsight.incident.Severity;
import org.hindsight.incident.SummaryTime;
import org.hindsight.postmortem.imports.ImportedPostmortem.Action;
import org.hindsight.postmortem.imports.ImportedPostmortem.Event;
import org.hindsight.timeline.EventKind;
import org.junit.jupiter.api.Test;

/** Postmortems as other teams write them: Google SRE, PagerDuty, Atlassian, GitLab, a terse one, one with extras. */
class RealWorldLayoutsTest {

    private static ImportedPostmortem parse(String name) {
        return PostmortemParser.parse(ImportTestDocs.read("import/" + name + ".md"), ImportOptions.none());
    }

    @Test
    void googleSreStyleWithBoldLabelsAnActionTableAndAnUndatedTimeline() {
        ImportedPostmortem p = parse("google-sre");
        assertThat(p.title()).isEqualTo("Shakespeare Sonnet++ Postmortem (incident #465)");
        assertThat(p.impact()).isEqualTo("Estimated 1.21B queries lost, no revenue impact.");
        assertThat(p.rootCauseSummary()).startsWith("Cascading failure due to combination of exceptionally high load");
        assertThat(p.rootCause()).isEqualTo("**Trigger**\n\nLatent bug triggered by sudden increase in traffic.");
        assertThat(p.resolution()).startsWith("Directed traffic to sacrificial cluster");
        // "2015-10-21 (all times UTC)" gives the day of the undated times
        assertThat(p.events()).hasSize(6).first().extracting(Event::at)
                .isEqualTo(Instant.parse("2015-10-21T14:51:00Z"));
        assertThat(p.events().get(5).at()).isEqualTo(Instant.parse("2015-10-21T16:07:00Z"));
        // the timeline's own words mark the start and the end ("INCIDENT BEGINS", "INCIDENT ENDS")
        assertThat(p.startedAt()).isEqualTo(Instant.parse("2015-10-21T15:01:00Z"));
        assertThat(p.resolvedAt()).isEqualTo(Instant.parse("2015-10-21T16:07:00Z"));
        assertThat(p.evidence().get(SummaryTime.STARTED).args()).containsExactly("15:01", "start");
        assertThat(p.actions()).extracting(Action::owner, Action::type, Action::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("jennifer", ActionType.CORRECTIVE, ActionStatus.DONE),
                org.assertj.core.groups.Tuple.tuple("martym", ActionType.PREVENTIVE, ActionStatus.OPEN),
                org.assertj.core.groups.Tuple.tuple("docbrown", ActionType.PROCESS, ActionStatus.OPEN));
        assertThat(p.actions().get(1).trackerUrl()).isEqualTo("https://bugs.example.com/5554823");
        assertThat(p.lessons()).contains("**What went well**", "**What went wrong**", "**Where we got lucky**",
                "Mailing list of Shakespeare aficionados");
        assertThat(p.notes()).contains("**Authors:** jennifer, martym, agoogler", "**Detection:** Borgmon",
                "## Supporting information", "Monitoring dashboard");
        assertThat(p.severity()).isEqualTo(Severity.SEV3);
        assertThat(p.warnings()).extracting(w -> w.code()).containsExactly("import.warning.severityAssumed");
    }

    @Test
    void pagerDutyStyleWithSetextHeadingsATimeTableAndNumberedActions() {
        ImportedPostmortem p = parse("pagerduty");
        assertThat(p.title()).isEqualTo("Payments API Degradation");
        assertThat(p.severity()).isEqualTo(Severity.SEV1);
        assertThat(p.startedAt()).isEqualTo(Instant.parse("2024-01-18T08:12:00Z"));
        assertThat(p.resolvedAt()).isEqualTo(Instant.parse("2024-01-18T08:59:00Z"));
        assertThat(p.services()).containsExactly("payments-api", "checkout");
        assertThat(p.usersAffectedPercent()).isEqualByComparingTo("12.5");
        assertThat(p.rootCause()).startsWith("The rotation job validated");
        assertThat(p.resolution()).isEqualTo("We rolled back the certificate bundle and restarted the proxy fleet.");
        assertThat(p.events()).extracting(Event::at).containsExactly(Instant.parse("2024-01-18T08:12:00Z"),
                Instant.parse("2024-01-18T08:19:00Z"), Instant.parse("2024-01-18T08:31:00Z"),
                Instant.parse("2024-01-18T08:44:00Z"), Instant.parse("2024-01-18T08:59:00Z"));
        assertThat(p.events().get(2).kind()).isEqualTo(EventKind.DEAD_END);
        assertThat(p.actions()).extracting(Action::owner).containsExactly("@dana", "Sam Rivera", "priya@example.com");
        assertThat(p.actions().get(0).priority()).isEqualTo(ActionPriority.HIGH);
        assertThat(p.actions().get(1).dueDate()).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(p.lessons()).startsWith("Detection was fast");
        assertThat(p.keptAsNotes()).containsExactly("Overview", "What Happened");
        assertThat(p.notes()).contains("For 47 minutes, card payments failed").contains("EU acquirers did not trust.");
    }

    @Test
    void atlassianStyleWithADurationLineDayMonthDatesInCestAndATaskList() {
        ImportedPostmortem p = parse("atlassian");
        assertThat(p.title()).isEqualTo("Confluence search returned stale results");
        assertThat(p.startedAt()).isEqualTo(Instant.parse("2024-06-03T12:00:00Z"));
        assertThat(p.resolvedAt()).isEqualTo(Instant.parse("2024-06-03T14:30:00Z"));
        assertThat(p.impact()).isEqualTo("All customers on the shard **eu-west-2** saw stale search results.");
        assertThat(p.rootCause()).startsWith("The indexer silently dropped messages").contains("**Five whys**",
                "1. Why were results stale?");
        assertThat(p.events()).extracting(Event::at).containsExactly(Instant.parse("2024-06-03T12:00:00Z"),
                Instant.parse("2024-06-03T13:30:00Z"), Instant.parse("2024-06-03T13:40:00Z"),
                Instant.parse("2024-06-03T14:30:00Z"));
        assertThat(p.events().get(1).text()).isEqualTo("Support ticket about stale results");
        assertThat(p.actions()).extracting(Action::title, Action::owner, Action::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Reprocess the dropped messages", "@search-oncall", ActionStatus.DONE),
                org.assertj.core.groups.Tuple.tuple("Add a consumer-side schema compatibility check", "Lee Park",
                        ActionStatus.OPEN),
                org.assertj.core.groups.Tuple.tuple("Alert when the indexer drop rate is above zero", "lee.park",
                        ActionStatus.OPEN));
        assertThat(p.actions().get(2).type()).isEqualTo(ActionType.DETECTIVE);
        assertThat(p.lessons()).isEqualTo("Schema changes need a compatibility check in the consumer before producers ship.");
        assertThat(p.keptAsNotes()).containsExactly("Incident summary", "Leadup", "Detection", "Response");
    }

    @Test
    void gitLabStyleWithATimeEventTableCrossingMidnightInPst() {
        ImportedPostmortem p = parse("gitlab");
        assertThat(p.title()).isEqualTo("CI runners stuck after the registry migration");
        assertThat(p.services()).containsExactly("ci-runners", "container-registry");
        assertThat(p.usersAffectedPercent()).isEqualByComparingTo("40");
        assertThat(p.impact()).startsWith("| Question | Answer |");
        assertThat(p.rootCause()).startsWith("The registry migration changed the token audience");
        // PST is UTC-8; the times after midnight belong to the next day
        assertThat(p.events()).extracting(Event::at).containsExactly(Instant.parse("2024-11-03T06:40:00Z"),
                Instant.parse("2024-11-03T07:15:00Z"), Instant.parse("2024-11-03T07:48:00Z"),
                Instant.parse("2024-11-03T08:20:00Z"), Instant.parse("2024-11-03T08:25:00Z"),
                Instant.parse("2024-11-03T09:05:00Z"));
        assertThat(p.actions()).hasSize(2);
        assertThat(p.actions().get(0).trackerUrl()).isEqualTo("https://gitlab.example.com/issues/4411");
        assertThat(p.actions().get(0).title()).isEqualTo("Add runner pulls to the registry migration smoke test");
        assertThat(p.lessons()).contains("**What went well**", "**What can be improved**");
        assertThat(p.notes()).contains("Team attribution: Verify", "Detected by an SLO burn-rate alert.");
    }

    @Test
    void aTerseNumberedListWithOffsetsAndCrlfLineEndings() {
        String text = ImportTestDocs.read("import/terse-crlf.md");
        assertThat(text).contains("\r\n");
        ImportedPostmortem p = PostmortemParser.parse(text, ImportOptions.none());
        assertThat(p.title()).isEqualTo("DNS outage 2024-08-14");
        assertThat(p.events()).extracting(Event::at).containsExactly(Instant.parse("2024-08-14T07:02:00Z"),
                Instant.parse("2024-08-14T07:04:00Z"), Instant.parse("2024-08-14T07:20:00Z"),
                Instant.parse("2024-08-14T07:41:00Z"), Instant.parse("2024-08-14T07:55:00Z"));
        assertThat(p.events().get(2).kind()).isEqualTo(EventKind.DEAD_END);
        assertThat(p.events()).allSatisfy(e -> assertThat(e.text()).doesNotContain("\r"));
        assertThat(p.rootCause()).isEqualTo("A config push set the resolver cache size to zero.");
        assertThat(p.actions()).extracting(Action::title).containsExactly("Validate resolver config ranges in CI",
                "Stage config pushes to one resolver first");
        assertThat(p.actions().get(0).owner()).isEqualTo("@ops-lead");
        // the line without a time is kept, and reported
        assertThat(p.notes()).contains("around ten: status page updated");
        assertThat(p.warnings()).extracting(w -> w.code()).contains("import.warning.timelineUnread");
    }

    @Test
    void aTaskListWithMetaInParenthesesAndSectionsNobodyExpects() {
        ImportedPostmortem p = parse("tasklist-unknown");
        assertThat(p.title()).isEqualTo("Search latency regression");
        assertThat(p.severity()).isEqualTo(Severity.SEV2);
        assertThat(p.startedAt()).isEqualTo(Instant.parse("2024-09-09T13:05:00Z"));
        assertThat(p.resolvedAt()).isEqualTo(Instant.parse("2024-09-09T14:20:00Z"));
        assertThat(p.usersAffectedPercent()).isEqualByComparingTo("25");
        assertThat(p.events()).hasSize(3);
        assertThat(p.actions()).extracting(Action::status).containsExactly(ActionStatus.DONE, ActionStatus.OPEN,
                ActionStatus.WONT_DO);
        assertThat(p.actions().get(1)).extracting(Action::dueDate, Action::priority, Action::type)
                .containsExactly(LocalDate.of(2024, 10, 1), ActionPriority.HIGH, ActionType.PREVENTIVE);
        assertThat(p.actions().get(2).wontDoReason()).isEqualTo("too costly this quarter");
        assertThat(p.keptAsNotes()).containsExactly("Customer communication", "Timeline", "Budget");
        assertThat(p.notes()).contains("## Customer communication", "emailed the three affected enterprise customers",
                "This line has no time at all", "## Budget\n\n```\nextra compute: 120 USD\n```");
    }
}
