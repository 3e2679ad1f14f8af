package org.hindsight.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionItemService;
import org.hindsight.action.ActionStatus;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.IncidentStatus;
import org.hindsight.incident.Severity;
import org.hindsight.support.DatabaseTest;
import org.hindsight.timeline.EventKind;
import org.hindsight.timeline.KeyMoment;
import org.hindsight.timeline.TimelineService;
import org.hindsight.user.DatabaseUserDetailsService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.annotation.Transactional;

/** The example incident reproduces the reference postmortem: every field, event and measure. Rolled back after. */
@DatabaseTest
@Transactional
class ExampleDataTest {

    @Autowired
    ExampleData exampleData;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    @Autowired
    ActionItemService actions;

    @Autowired
    DatabaseUserDetailsService userDetails;

    @Test
    void theReferencePostmortemIsRecordedInFull() {
        String key = exampleData.load();
        var incident = incidents.details(key);
        assertThat(incident.title()).isEqualTo("Load balancer outage on the main website");
        assertThat(incident.severity()).isEqualTo(Severity.SEV2);
        assertThat(incident.status()).isEqualTo(IncidentStatus.POSTMORTEM);
        assertThat(incident.startedAt()).isEqualTo(Instant.parse("2024-05-12T09:00:00Z"));
        assertThat(incident.resolvedAt()).isEqualTo(Instant.parse("2024-05-12T11:30:00Z"));
        assertThat(incident.durations().toResolveSeconds()).isEqualTo(9000);
        assertThat(incident.impact()).contains("approximately 30% of users");
        assertThat(incident.usersAffectedPercent()).isEqualByComparingTo("30");
        assertThat(incident.rootCauseSummary()).startsWith("A misconfiguration in the load balancer");
        assertThat(incident.rootCause()).startsWith("Misconfiguration in the load balancer caused improper routing");
        assertThat(incident.resolution()).contains("monitoring alerts were updated");
        assertThat(incident.lessons()).startsWith("This incident highlighted the importance");
        assertThat(incident.services()).containsExactly("load-balancer", "main-website");

        var viewer = userDetails.loadUserByUsername("maria.lopez");
        var rows = timeline.timeline(viewer, incident.id()).rows();
        assertThat(rows).hasSize(8);
        assertThat(rows.get(0).at()).isEqualTo(Instant.parse("2024-05-12T09:00:00Z"));
        assertThat(rows.get(0).keyMoments()).containsExactlyInAnyOrder(KeyMoment.START, KeyMoment.IMPACT_DETECTED);
        assertThat(rows).filteredOn(row -> row.kind() == EventKind.DEAD_END).singleElement()
                .satisfies(row -> {
                    assertThat(row.text()).isEqualTo("Misleading path explored regarding database performance issues.");
                    assertThat(row.at()).isEqualTo(Instant.parse("2024-05-12T10:30:00Z"));
                });
        assertThat(rows.get(7).keyMoments()).contains(KeyMoment.MITIGATED, KeyMoment.END);

        var items = actions.forIncident(viewer, incident.id());
        assertThat(items).filteredOn(a -> a.category() == ActionCategory.IMPROVEMENT).hasSize(3);
        assertThat(items).filteredOn(a -> a.category() == ActionCategory.TASK).hasSize(4);
        assertThat(items).allSatisfy(a -> {
            assertThat(a.owner()).isNotBlank();
            assertThat(a.dueDate()).isNotNull();
        });
        assertThat(items).filteredOn(a -> a.status() == ActionStatus.DONE).isNotEmpty();
    }
}
