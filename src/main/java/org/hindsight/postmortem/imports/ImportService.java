package org.hindsight.postmortem.imports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.action.ActionItemService;
import org.hindsight.action.ActionStatus;
import org.hindsight.incident.IncidentCommands.IncidentChanges;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.IncidentStatus;
import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.incident.IncidentViews.UserRef;
import org.hindsight.incident.SummaryTime;
import org.hindsight.postmortem.imports.ImportedPostmortem.Action;
import org.hindsight.postmortem.imports.ImportedPostmortem.Event;
import org.hindsight.postmortem.imports.ImportedPostmortem.Warning;
import org.hindsight.system.ChangeRefusedException;
import org.hindsight.system.SafeUrls;
import org.hindsight.timeline.TimelineService;
import org.hindsight.timeline.TimelineService.NewEvent;
import org.hindsight.user.HindsightUser;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates the incident an imported postmortem describes, through the incident, timeline and action item
 * services, in one transaction: all of it or nothing. The incident is in the postmortem status; owners are
 * matched to accounts, and an owner without one stays named in the item's details.
 */
@Service
public class ImportService {

    /** The new incident's key and everything the user should know, the parser's warnings included. */
    public record Imported(String key, List<Warning> warnings, int ownersMatched) {
    }

    private final IncidentService incidents;
    private final TimelineService timeline;
    private final ActionItemService actions;
    private final ImportOwners owners;
    private final MessageSource messages;

    ImportService(IncidentService incidents, TimelineService timeline, ActionItemService actions,
            ImportOwners owners, MessageSource messages) {
        this.incidents = incidents;
        this.timeline = timeline;
        this.actions = actions;
        this.owners = owners;
        this.messages = messages;
    }

    /** Refuses what cannot become an incident: nothing understood, no title, times without a known date. */
    public static void check(ImportedPostmortem p, String textField) {
        if (!p.understoodAnything()) {
            throw new ChangeRefusedException(textField, "import.nothingUnderstood");
        }
        if (p.title() == null) {
            throw new ChangeRefusedException("title", "import.title.required");
        }
        if (p.missingDate()) {
            throw new ChangeRefusedException("date", "import.date.required");
        }
    }

    @Transactional
    public Imported create(HindsightUser by, ImportedPostmortem p) {
        check(p, "body");
        List<Warning> warnings = new ArrayList<>(p.warnings());
        String key = incidents.create(by, new NewIncident(p.title(), p.severity(), IncidentStatus.POSTMORTEM,
                p.startedAt(), null, p.impact(), p.usersAffectedPercent(), p.services(), null));
        long id = incidents.idOf(key);
        for (Event event : p.events()) {
            timeline.post(by, id, new NewEvent(event.text(), event.at(), event.kind(), event.keyMoments(), false));
        }
        // the summary times the document gives (the start as the first key moment set it), and the narrative
        incidents.change(by, key, changes -> {
            Instant started = incidents.startedAt(id);
            for (SummaryTime time : SummaryTime.values()) {
                changes.time(time, time == SummaryTime.STARTED ? started : p.times().get(time));
            }
            return changes.rootCauseSummary(p.rootCauseSummary()).rootCause(p.rootCause())
                    .resolution(p.resolution()).contributingFactors(p.contributingFactors()).lessons(p.lessons())
                    .notes(p.notes());
        });
        int matched = 0;
        // each written owner is looked up once; an owner that fits no account is remembered as empty
        Map<String, Optional<String>> known = new HashMap<>();
        for (Action action : p.actions()) {
            String owner = action.owner() == null ? null
                    : known.computeIfAbsent(action.owner(), name -> Optional.ofNullable(owners.username(name)))
                            .orElse(null);
            String details = action.details();
            if (action.owner() != null && owner == null) {
                warnings.add(Warning.of("import.warning.ownerUnmatched", action.owner(), action.title()));
                details = join(details, messages.getMessage("import.owner.unmatched.details",
                        new Object[] {action.owner()}, LocaleContextHolder.getLocale()));
            } else if (owner != null) {
                matched++;
            }
            String tracker = action.trackerUrl();
            if (tracker != null && (tracker.length() > 2000 || !SafeUrls.isWebUrl(tracker))) {
                details = join(details, tracker);
                tracker = null;
            }
            String reason = action.wontDoReason();
            if (action.status() == ActionStatus.WONT_DO && (reason == null || reason.isBlank())) {
                reason = messages.getMessage("import.wontDo.noReason", null, LocaleContextHolder.getLocale());
            }
            if (action.status() == ActionStatus.WONT_DO && reason != null && reason.length() > 2000) {
                details = join(details, reason);
                reason = NodeText.shortened(reason, 2000);
            }
            if (details != null && details.length() > 20000) {
                details = NodeText.shortened(details, 20000);
                warnings.add(Warning.of("import.warning.fieldShortened", "details", 20000));
            }
            actions.create(by, id, new ActionFields(action.title(), details, action.type(), action.category(), owner,
                    action.dueDate(), action.priority(), action.status(), reason, tracker, 0), false);
        }
        return new Imported(key, List.copyOf(warnings), matched);
    }

    private static String join(String details, String more) {
        return details == null || details.isBlank() ? more : details + "\n\n" + more;
    }
}
