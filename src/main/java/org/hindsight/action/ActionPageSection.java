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

    ActionPageSection(ActionItemService actions, UserService users) {
        this.actions = actions;
        this.users = users;
    }

    @Override
    public void populate(Model model, HindsightUser viewer, IncidentDetails incident) {
        model.addAttribute("actions", actions.forIncident(viewer, incident.id()));
        model.addAttribute("actionTypes", ActionType.values());
        model.addAttribute("actionCategories", ActionCategory.values());
        model.addAttribute("actionPriorities", ActionPriority.values());
        model.addAttribute("actionStatuses", ActionStatus.values());
        model.addAttribute("usernames", users.activeUsernames());
        if (!model.containsAttribute("action")) {
            model.addAttribute("action", ActionForms.Item.empty());
        }
    }
}
