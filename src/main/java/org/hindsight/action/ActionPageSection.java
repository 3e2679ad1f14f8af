package org.hindsight.action;

import org.hindsight.incident.IncidentPageSection;
import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.UserService;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** The action items part of the incident page: the list and the form to add one. */
@Component
class ActionPageSection implements IncidentPageSection {

    private final ActionItemService actions;
    private final UserService users;
    private final DueDatePolicies dueDates;

    ActionPageSection(ActionItemService actions, UserService users, DueDatePolicies dueDates) {
        this.actions = actions;
        this.users = users;
        this.dueDates = dueDates;
    }

    @Override
    public void populate(Model model, HindsightUser viewer, IncidentDetails incident) {
        model.addAttribute("actions", actions.forIncident(viewer, incident.id()));
        model.addAttribute("actionTypes", ActionType.values());
        model.addAttribute("actionCategories", ActionCategory.values());
        model.addAttribute("actionPriorities", ActionPriority.values());
        model.addAttribute("actionStatuses", ActionStatus.values());
        model.addAttribute("usernames", users.activeUsernames());
        // what an item added without a due date gets, by type (the form names it)
        model.addAttribute("policyDueDates", dueDates.defaultDueDates(incident.severity(),
                viewer == null ? java.time.ZoneOffset.UTC : viewer.getZone()));
        if (!model.containsAttribute("action")) {
            model.addAttribute("action", ActionForms.Item.empty());
        }
    }
}
