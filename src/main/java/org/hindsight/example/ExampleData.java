package org.hindsight.example;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.action.ActionItemService;
import org.hindsight.action.ActionPriority;
import org.hindsight.action.ActionStatus;
import org.hindsight.action.ActionType;
import org.hindsight.incident.IncidentCommands.IncidentChanges;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentFilter;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.IncidentStatus;
import org.hindsight.incident.Severity;
import org.hindsight.incident.SummaryTime;
import org.hindsight.timeline.EventKind;
import org.hindsight.timeline.KeyMoment;
import org.hindsight.timeline.TimelineService;
import org.hindsight.user.DatabaseUserDetailsService;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.hindsight.user.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The example incident: the load balancer outage of the reference postmortem, as INC-1, with its timeline
 * (the misleading database path as a dead end), root cause, resolution and every measure and task as an
 * action item. Loaded once into an empty database when {@code hindsight.example-data} is true, which is the
 * default on the embedded H2 database only. Its people are accounts without a password: they command, own and are
 * offered as owners, but nobody signs in as them until an admin sets a password.
 */
@Component
@Order(10)
class ExampleData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ExampleData.class);

    private final Boolean enabled;
    private final DataSource dataSource;
    private final UserService users;
    private final DatabaseUserDetailsService userDetails;
    private final IncidentService incidents;
    private final TimelineService timeline;
    private final ActionItemService actions;

    ExampleData(@Value("${hindsight.example-data:#{null}}") Boolean enabled, DataSource dataSource, UserService users,
            DatabaseUserDetailsService userDetails, IncidentService incidents, TimelineService timeline,
            ActionItemService actions) {
        this.enabled = enabled;
        this.dataSource = dataSource;
        this.users = users;
        this.userDetails = userDetails;
        this.incidents = incidents;
        this.timeline = timeline;
        this.actions = actions;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) throws SQLException {
        if (!isEnabled() || !incidents.search(IncidentFilter.none(), 0, 1).isEmpty()) {
            return;
        }
        load();
        log.info("Loaded the example incident INC-1 (turn off with hindsight.example-data=false)");
    }

    boolean isEnabled() throws SQLException {
        if (enabled != null) {
            return enabled;
        }
        try (Connection connection = dataSource.getConnection()) {
            return "H2".equals(connection.getMetaData().getDatabaseProductName());
        }
    }

    /** Creates the example incident; returns its key. */
    String load() {
        users.createExampleAccount("maria.lopez", "Maria Lopez", "maria.lopez@example.com", Role.MANAGER);
        users.createExampleAccount("jordan.kim", "Jordan Kim", "jordan.kim@example.com", Role.RESPONDER);
        users.createExampleAccount("sam.okafor", "Sam Okafor", "sam.okafor@example.com", Role.RESPONDER);
        users.createExampleAccount("dev.patel", "Dev Patel", "dev.patel@example.com", Role.RESPONDER);
        HindsightUser maria = userDetails.loadUserByUsername("maria.lopez");
        HindsightUser jordan = userDetails.loadUserByUsername("jordan.kim");
        HindsightUser sam = userDetails.loadUserByUsername("sam.okafor");

        String key = incidents.create(maria, new NewIncident("Load balancer outage on the main website", Severity.SEV2,
                IncidentStatus.POSTMORTEM, at("09:00"), null,
                "The company's main website experienced intermittent downtime, resulting in service disruptions "
                        + "for approximately 30% of users.",
                new java.math.BigDecimal("30"), List.of("main-website", "load-balancer"), "maria.lopez"));
        long id = incidents.idOf(key);
        // the commander lists the two who work the outage with her, so that they may set its key moments
        incidents.change(maria, key, changes -> changes.commander("maria.lopez")
                .responders(List.of("maria.lopez", "jordan.kim", "sam.okafor")));

        log(sam, id, "09:00", EventKind.ALERT,
                "Issue detected by monitoring alerts showing increased latency on the main website.",
                KeyMoment.START, KeyMoment.IMPACT_DETECTED);
        log(jordan, id, "09:05", EventKind.ALERT, "Engineering team received automated alerts about the latency spike.",
                KeyMoment.RESPONSE_STARTED);
        log(jordan, id, "09:10", EventKind.ACTION,
                "Initial investigation focused on application servers due to recent updates.");
        log(jordan, id, "09:30", EventKind.DECISION,
                "No issues found on application servers; attention shifted to network and load balancer configurations.");
        log(sam, id, "10:00", EventKind.OBSERVATION,
                "Load balancer logs analyzed, revealing misconfigured routing rules.", KeyMoment.CAUSE_IDENTIFIED);
        log(jordan, id, "10:30", EventKind.DEAD_END, "Misleading path explored regarding database performance issues.");
        log(maria, id, "11:00", EventKind.ACTION,
                "Incident escalated to senior network engineers for further investigation.");
        log(sam, id, "11:30", EventKind.ACTION, "Load balancer configuration corrected, restoring normal service.",
                KeyMoment.MITIGATED, KeyMoment.END);

        incidents.change(maria, key, changes -> changes
                .rootCauseSummary("A misconfiguration in the load balancer caused increased latency and occasional "
                        + "service outages.")
                .rootCause("Misconfiguration in the load balancer caused improper routing of incoming requests, "
                        + "leading to increased latency and occasional service outages.")
                .resolution("Load balancer configuration was corrected to ensure proper routing of traffic to healthy "
                        + "application servers. Additionally, monitoring alerts were updated to provide early "
                        + "detection of similar issues in the future.")
                .contributingFactors("- A routing rule change to the load balancer was deployed without review.\n"
                        + "- Recent application updates drew the first hour of investigation away from the network.")
                .lessons("This incident highlighted the importance of robust configuration management and proactive "
                        + "monitoring in maintaining the reliability and performance of critical infrastructure "
                        + "components. By implementing the recommended corrective and preventative measures, we aim to "
                        + "minimize the risk of similar incidents in the future and ensure uninterrupted service "
                        + "delivery to our users."));

        action(maria, id, ActionCategory.IMPROVEMENT, ActionType.PROCESS, "maria.lopez", "2024-06-14", ActionStatus.DONE,
                "Strengthen load balancer configuration review processes to prevent similar misconfigurations.");
        action(maria, id, ActionCategory.IMPROVEMENT, ActionType.PREVENTIVE, "dev.patel", "2024-06-28",
                ActionStatus.IN_PROGRESS,
                "Implement automated testing of load balancer configurations before deployment to production.");
        action(maria, id, ActionCategory.IMPROVEMENT, ActionType.DETECTIVE, "sam.okafor", "2024-06-28", ActionStatus.OPEN,
                "Enhance monitoring and alerting systems to provide more granular insights into network performance.");
        action(maria, id, ActionCategory.TASK, ActionType.CORRECTIVE, "jordan.kim", "2024-05-19", ActionStatus.DONE,
                "Conduct a thorough review of all load balancer configurations to identify and correct any potential "
                        + "misconfigurations.");
        action(maria, id, ActionCategory.TASK, ActionType.PREVENTIVE, "dev.patel", "2024-06-14", ActionStatus.IN_PROGRESS,
                "Develop and implement automated tests for load balancer configurations to ensure accuracy and reliability.");
        action(maria, id, ActionCategory.TASK, ActionType.DETECTIVE, "sam.okafor", "2024-05-31", ActionStatus.DONE,
                "Update monitoring and alerting systems to include specific thresholds for network latency and load "
                        + "balancer performance.");
        action(maria, id, ActionCategory.TASK, ActionType.PROCESS, "maria.lopez", "2024-07-31", ActionStatus.OPEN,
                "Schedule regular training sessions for engineering teams to enhance their understanding of load "
                        + "balancer configurations and best practices.");
        return key;
    }

    private void log(HindsightUser author, long incidentId, String time, EventKind kind, String text,
            KeyMoment... moments) {
        timeline.post(author, incidentId, new TimelineService.NewEvent(text, at(time), kind, Set.of(moments), false));
    }

    private void action(HindsightUser by, long incidentId, ActionCategory category, ActionType type, String owner,
            String due, ActionStatus status, String title) {
        actions.create(by, incidentId, new ActionFields(title, null, type, category, owner, LocalDate.parse(due),
                type == ActionType.CORRECTIVE ? ActionPriority.HIGH : ActionPriority.MEDIUM, status, null, null, 0));
    }

    private static Instant at(String time) {
        return Instant.parse("2024-05-12T" + time + ":00Z");
    }
}
