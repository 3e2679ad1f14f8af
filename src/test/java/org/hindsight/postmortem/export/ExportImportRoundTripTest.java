package org.hindsight.postmortem.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.action.ActionItemService;
import org.hindsight.action.ActionPriority;
import org.hindsight.action.ActionStatus;
import org.hindsight.action.ActionType;
import org.hindsight.example.ExampleIncident;
import org.hindsight.incident.IncidentCommands.IncidentChanges;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.IncidentStatus;
import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.incident.IncidentViews.UserRef;
import org.hindsight.incident.Severity;
import org.hindsight.incident.SummaryTime;
import org.hindsight.postmortem.AwkwardIncidents;
import org.hindsight.postmortem.ExportOptions;
import org.hindsight.postmortem.MarkdownText;
import org.hindsight.postmortem.imports.ImportOptions;
import org.hindsight.postmortem.imports.ImportService;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.annotation.Transactional;

/**
 * Export → import gives back the same incident: every field the format carries, the events with their
 * instants, kinds and key moments in order, the action items in order. For the example incident INC-1 in
 * several zones and clocks, and for {@link AwkwardIncidents} full of Markdown punctuation.
 *
 * <p>What the format legitimately does not carry, and so is not compared: the status (an import is always
 * a postmortem), commander and responders, action item details and tracker links, summary times other than
 * the start and end that no key moment stands for (the generated incidents only have those set by key moments).
 * Normalised on the way, so compared in that form: Markdown fields lose blank lines around them and trailing
 * spaces on lines (two or more, a hard break, stay as exactly two) — see {@link MarkdownText#clean}. Action
 * items come back grouped by category (the format lists improvements, then tasks), in order within each.
 */
@DatabaseTest
@Transactional
class ExportImportRoundTripTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    PostmortemExporter exporter;

    @Autowired
    PostmortemTemplates templates;

    @Autowired
    ImportService imports;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    @Autowired
    ActionItemService actions;

    @Autowired
    DatabaseUserDetailsService userDetails;

    @Autowired
    TestUsers testUsers;

    @ParameterizedTest
    @CsvSource({"UTC, 12", "UTC, 24", "Asia/Kolkata, 24", "America/Los_Angeles, 24", "America/Los_Angeles, 12",
        "Asia/Kolkata, 12"})
    void theExampleIncidentComesBackFromItsExport(String zone, String clock) {
        String key = ExampleIncident.load(context);
        HindsightUser maria = userDetails.loadUserByUsername("maria.lopez");
        String markdown = exporter.export(maria, key, ExportOptions.parse(zone, clock, null, templates::exists)).markdown();

        ImportService.Imported imported = imports.create(maria, PostmortemParser.parse(markdown, ImportOptions.none()));

        assertThat(imported.warnings()).isEmpty();
        assertThat(imported.ownersMatched()).isEqualTo(7);
        Snapshot original = snapshot(maria, key);
        assertThat(original.events()).hasSize(8);
        assertThat(original.actions()).hasSize(7);
        assertThat(snapshot(maria, imported.key())).isEqualTo(original);
    }

    @Test
    void generatedIncidentsWithAwkwardTextComeBackFromTheirExport() {
        HindsightUser manager = testUsers.create("roundtrip", Role.MANAGER);
        List<HindsightUser> owners = List.of(testUsers.create("owner.one", Role.RESPONDER),
                testUsers.create("owner_two", Role.VIEWER), testUsers.create("o-3", Role.MANAGER));
        SoftAssertions softly = new SoftAssertions();
        List<AwkwardIncidents.Incident> generated = AwkwardIncidents.generate(20240512L, 30);
        assertCoversTheAwkwardCases(generated);
        for (int n = 0; n < generated.size(); n++) {
            AwkwardIncidents.Incident incident = generated.get(n);
            String key = create(manager, owners, incident);
            String markdown = exporter.export(manager, key,
                    ExportOptions.parse(incident.zone(), incident.clock(), null, templates::exists)).markdown();
            Snapshot expected = normalised(snapshot(manager, key));
            ImportService.Imported imported;
            try {
                imported = imports.create(manager, PostmortemParser.parse(markdown, ImportOptions.none()));
            } catch (RuntimeException e) {
                softly.fail("incident " + n + " not imported: " + e + "\n" + markdown);
                continue;
            }
            Snapshot actual = snapshot(manager, imported.key());
            List<String> differences = differences(expected, actual);
            if (!imported.warnings().isEmpty()) {
                differences.add("warnings: " + imported.warnings());
            }
            if (!differences.isEmpty()) {
                softly.fail("incident " + n + ":\n" + String.join("\n", differences) + "\n--- its export:\n"
                        + markdown);
            }
        }
        softly.assertAll();
    }

    /** The seed gives what the test is about: without these the comparison would prove little. */
    private static void assertCoversTheAwkwardCases(List<AwkwardIncidents.Incident> generated) {
        List<AwkwardIncidents.Event> events = generated.stream().flatMap(i -> i.events().stream()).toList();
        List<AwkwardIncidents.Action> items = generated.stream().flatMap(i -> i.actions().stream()).toList();
        assertThat(events).extracting(AwkwardIncidents.Event::kind).contains(EventKind.values());
        assertThat(events).anyMatch(e -> e.kind() == EventKind.DEAD_END && !e.keyMoments().isEmpty())
                .anyMatch(e -> e.at().getEpochSecond() % 60 != 0);
        assertThat(generated).anyMatch(i -> i.events().size() > 1
                && i.events().get(0).at().equals(i.events().get(1).at()))
                .anyMatch(i -> !i.events().isEmpty() && i.events().get(0).at().atZone(java.time.ZoneOffset.UTC).getYear()
                        != i.events().get(i.events().size() - 1).at().atZone(java.time.ZoneOffset.UTC).getYear())
                .anyMatch(i -> i.events().isEmpty()).anyMatch(i -> i.actions().isEmpty())
                .anyMatch(i -> i.lessons() == null).anyMatch(i -> i.notes() == null).anyMatch(i -> i.impact() == null)
                .anyMatch(i -> i.rootCauseSummary() == null).anyMatch(i -> i.resolvedAt() == null);
        assertThat(items).extracting(AwkwardIncidents.Action::status).contains(ActionStatus.values());
        assertThat(items).anyMatch(a -> a.owner() < 0 && a.due() == null).anyMatch(a -> a.owner() >= 0);
    }

    /** Each part of the snapshot that did not come back, with both values: a failure names what went wrong. */
    private static List<String> differences(Snapshot expected, Snapshot actual) {
        List<String> out = new ArrayList<>();
        for (var component : Snapshot.class.getRecordComponents()) {
            try {
                Object want = component.getAccessor().invoke(expected);
                Object got = component.getAccessor().invoke(actual);
                if (component.getName().equals("events") || component.getName().equals("actions")) {
                    List<?> w = (List<?>) want;
                    List<?> g = (List<?>) got;
                    for (int i = 0; i < Math.max(w.size(), g.size()); i++) {
                        Object a = i < w.size() ? w.get(i) : null;
                        Object b = i < g.size() ? g.get(i) : null;
                        if (!java.util.Objects.equals(a, b)) {
                            out.add(component.getName() + "[" + i + "]: expected " + a + "\n   but was " + b);
                        }
                    }
                } else if (!java.util.Objects.equals(want, got)) {
                    out.add(component.getName() + ": expected <" + want + ">\n   but was <" + got + ">");
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private String create(HindsightUser by, List<HindsightUser> owners, AwkwardIncidents.Incident g) {
        String key = incidents.create(by, new NewIncident(g.title(), g.severity(), IncidentStatus.POSTMORTEM,
                g.startedAt(), null, g.impact(), g.usersAffected(), g.services(), null));
        long id = incidents.idOf(key);
        for (AwkwardIncidents.Event e : g.events()) {
            timeline.post(by, id, new TimelineService.NewEvent(e.text(), e.at(), e.kind(), e.keyMoments(), false));
        }
        IncidentDetails now = incidents.details(key);
        Map<SummaryTime, Instant> times = new EnumMap<>(SummaryTime.class);
        for (SummaryTime time : SummaryTime.values()) {
            times.put(time, now.get(time));
        }
        if (g.resolvedAt() != null) {
            times.put(SummaryTime.RESOLVED, g.resolvedAt());
        }
        incidents.update(by, key, IncidentChanges.from(now).times(times).rootCauseSummary(g.rootCauseSummary())
                .rootCause(g.rootCause()).resolution(g.resolution()).contributingFactors(g.contributingFactors())
                .lessons(g.lessons()).notes(g.notes()).build());
        for (AwkwardIncidents.Action a : g.actions()) {
            actions.create(by, id, new ActionFields(a.title(), null, a.type(), a.category(),
                    a.owner() < 0 ? null : owners.get(a.owner()).getUsername(), a.due(), a.priority(), a.status(),
                    a.wontDoReason(), null, 0));
        }
        return key;
    }

    /** Everything about an incident that its postmortem carries. */
    record Snapshot(String title, Severity severity, List<Instant> times, String impact, BigDecimal usersAffected,
            List<String> services, String rootCauseSummary, String rootCause, String resolution,
            String contributingFactors, String lessons, String notes, List<Event> events, List<Item> actions) {
    }

    record Event(String text, Instant at, EventKind kind, List<KeyMoment> keyMoments) {
    }

    record Item(ActionCategory category, String title, String owner, LocalDate due, ActionType type,
            ActionPriority priority, ActionStatus status, String wontDoReason) {
    }

    private Snapshot snapshot(HindsightUser viewer, String key) {
        IncidentDetails i = incidents.details(key);
        List<Instant> times = new ArrayList<>();
        for (SummaryTime time : SummaryTime.values()) {
            times.add(i.get(time));
        }
        List<Event> events = timeline.timeline(viewer, i.id()).rows().stream().filter(row -> !row.deleted())
                .map(row -> new Event(row.text(), row.at(), row.kind(), row.keyMoments().stream().sorted().toList()))
                .toList();
        List<Item> items = actions.forIncident(viewer, i.id()).stream()
                .sorted(Comparator.comparing((org.hindsight.action.ActionViews.ActionItemView a) ->
                        a.category() == ActionCategory.TASK).thenComparing(a -> a.createdAt())
                        .thenComparingLong(a -> a.id()))
                .map(a -> new Item(a.category(), a.title(), a.owner(), a.dueDate(), a.type(), a.priority(),
                        a.status(), a.wontDoReason()))
                .toList();
        return new Snapshot(i.title(), i.severity(), times, i.impact(),
                i.usersAffectedPercent() == null ? null : i.usersAffectedPercent().stripTrailingZeros(),
                i.services().stream().sorted().toList(), i.rootCauseSummary(), i.rootCause(), i.resolution(),
                i.contributingFactors(), i.lessons(), i.notes(), events, items);
    }

    /** The original as the export writes it: see the class comment for each normalisation. */
    private static Snapshot normalised(Snapshot s) {
        List<Event> events = s.events().stream()
                .map(e -> new Event(MarkdownText.clean(e.text()), e.at(), e.kind(), e.keyMoments())).toList();
        List<Item> items = s.actions().stream().map(a -> new Item(a.category(), MarkdownText.normalise(a.title()),
                a.owner(), a.due(), a.type(), a.priority(), a.status(),
                a.wontDoReason() == null ? null : MarkdownText.normalise(a.wontDoReason()))).toList();
        return new Snapshot(MarkdownText.normalise(s.title()), s.severity(), s.times(), md(s.impact()),
                s.usersAffected(), s.services(),
                s.rootCauseSummary() == null ? null : MarkdownText.normalise(s.rootCauseSummary()), md(s.rootCause()),
                md(s.resolution()), md(s.contributingFactors()), md(s.lessons()), md(s.notes()), events, items);
    }

    private static String md(String markdown) {
        return markdown == null ? null : MarkdownText.clean(markdown);
    }
}
