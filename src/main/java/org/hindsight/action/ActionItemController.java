package org.hindsight.action;

import jakarta.validation.Valid;

import org.hindsight.incident.IncidentPage;
import org.hindsight.incident.IncidentService;
import org.hindsight.system.ChangeRefusedException;
import org.hindsight.system.EditConflictException;
import org.hindsight.system.Flash;
import org.hindsight.system.RecordNotFoundException;
import org.hindsight.user.CurrentUser;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.UserService;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Adding, editing and completing action items from the incident page. */
@Controller
class ActionItemController {

    /** The {@code from} value of the status forms on My items. */
    static final String MY_ITEMS = "mine";

    private final ActionItemService actions;
    private final IncidentService incidents;
    private final IncidentPage incidentPage;
    private final UserService users;

    ActionItemController(ActionItemService actions, IncidentService incidents, IncidentPage incidentPage,
            UserService users) {
        this.actions = actions;
        this.incidents = incidents;
        this.incidentPage = incidentPage;
        this.users = users;
    }

    @InitBinder
    void initBinder(WebDataBinder binder) {
        binder.setDisallowedFields("id");
    }

    @PostMapping("/incidents/{key}/actions")
    String create(@CurrentUser HindsightUser me, @PathVariable String key,
            @Valid @ModelAttribute("action") ActionForms.Item action, BindingResult result, Model model,
            RedirectAttributes redirect) {
        long incidentId = incidents.idOf(key);
        incidents.requireEdit(me, incidentId);
        if (!result.hasErrors()) {
            try {
                var created = actions.create(me, incidentId, action.fields());
                redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("action.created", created.title()));
                return "redirect:/incidents/" + key + "#actions";
            } catch (ChangeRefusedException e) {
                result.rejectValue(e.getField(), e.getMessageCode());
            }
        }
        model.addAttribute("actionFormOpen", true);
        return incidentPage.populate(model, me, key);
    }

    @GetMapping("/incidents/{key}/actions/{id}/edit")
    String edit(@CurrentUser HindsightUser me, @PathVariable String key, @PathVariable long id, Model model) {
        var item = load(me, key, id);
        if (!item.mayEdit()) {
            throw new org.springframework.security.access.AccessDeniedException("Not an editor of this incident");
        }
        model.addAttribute("action", ActionForms.Item.of(item));
        return editPage(model, item);
    }

    @PostMapping("/incidents/{key}/actions/{id}")
    String update(@CurrentUser HindsightUser me, @PathVariable String key, @PathVariable long id,
            @Valid @ModelAttribute("action") ActionForms.Item action, BindingResult result, Model model,
            RedirectAttributes redirect) {
        var item = load(me, key, id);
        if (!result.hasErrors()) {
            try {
                actions.update(me, id, action.fields());
                redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("action.saved", action.title()));
                return "redirect:/incidents/" + key + "#actions";
            } catch (ChangeRefusedException e) {
                result.rejectValue(e.getField(), e.getMessageCode());
            } catch (EditConflictException | OptimisticLockingFailureException e) {
                var current = actions.get(me, id);
                model.addAttribute("conflict", current);
                model.addAttribute("action", action.withVersion(current.version()));
                return editPage(model, current);
            }
        }
        return editPage(model, item);
    }

    @PostMapping("/incidents/{key}/actions/{id}/status")
    String changeStatus(@CurrentUser HindsightUser me, @PathVariable String key, @PathVariable long id,
            @Valid @ModelAttribute("statusChange") ActionForms.StatusChange change, BindingResult result,
            @RequestParam(name = "from", required = false) String from, RedirectAttributes redirect) {
        load(me, key, id);
        if (result.hasErrors()) {
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.error("action.status.invalid"));
        } else {
            try {
                var item = actions.changeStatus(me, id, change.status(), change.reason(), change.version());
                redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("action.status.changed", item.title(),
                        Flash.message("actionStatus." + item.status().name())));
            } catch (ChangeRefusedException e) {
                redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.error(e.getMessageCode()));
            } catch (EditConflictException | OptimisticLockingFailureException e) {
                redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.error("action.status.conflict"));
            }
        }
        // from My items (the owner's list) back there, else to the item on its incident's page
        return MY_ITEMS.equals(from) ? "redirect:/actions/mine#mine-" + id
                : "redirect:/incidents/" + key + "#action-" + id;
    }

    private ActionViews.ActionItemView load(HindsightUser me, String key, long id) {
        var item = actions.get(me, id);
        if (!item.incidentKey().equals(key.toUpperCase(java.util.Locale.ROOT))) {
            throw new RecordNotFoundException("Action item", id);
        }
        return item;
    }

    private String editPage(Model model, ActionViews.ActionItemView item) {
        model.addAttribute("item", item);
        model.addAttribute("actionTypes", ActionType.values());
        model.addAttribute("actionCategories", ActionCategory.values());
        model.addAttribute("actionPriorities", ActionPriority.values());
        model.addAttribute("actionStatuses", ActionStatus.values());
        model.addAttribute("usernames", users.activeUsernames());
        return "action/edit";
    }
}
