package org.hindsight.alert;

import jakarta.validation.Valid;

import org.hindsight.alert.IntegrationForms.EditIntegration;
import org.hindsight.alert.IntegrationForms.NewIntegration;
import org.hindsight.alert.IntegrationViews.IntegrationView;
import org.hindsight.alert.IntegrationViews.WithSecret;
import org.hindsight.incident.Severity;
import org.hindsight.system.ChangeRefusedException;
import org.hindsight.system.EditConflictException;
import org.hindsight.system.Flash;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Admin pages for integrations: list, create, edit, enable or disable, rotate the secret, delete. A new or rotated
 * secret is shown on the page that answers the POST itself, never kept in a redirect's flash (sessions are stored in
 * the database) or in a URL; reloading that page asks to send the form again.
 */
@Controller
@RequestMapping("/admin/integrations")
class AdminIntegrationController {

    private static final String LIST = "admin/integrations";
    private static final String NEW = "admin/integration-new";
    private static final String EDIT = "admin/integration-edit";
    private static final String SECRET = "admin/integration-secret";

    private final IntegrationService integrations;

    AdminIntegrationController(IntegrationService integrations) {
        this.integrations = integrations;
    }

    @InitBinder
    void initBinder(WebDataBinder binder) {
        binder.setDisallowedFields("id");
    }

    @ModelAttribute
    void choices(Model model) {
        model.addAttribute("sources", AlertSource.values());
        model.addAttribute("severities", Severity.values());
        model.addAttribute("onAllResolvedChoices", OnAllResolved.values());
        // senders are given the address as this request reached the app (its host, scheme and context path)
        model.addAttribute("baseUrl", ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString());
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("integrations", integrations.list());
        return LIST;
    }

    @GetMapping("/new")
    String newIntegration(Model model) {
        model.addAttribute("integration", NewIntegration.empty());
        return NEW;
    }

    @PostMapping
    String create(@Valid @ModelAttribute("integration") NewIntegration form, BindingResult result, Model model) {
        IntegrationRules rules = IntegrationForms.rules(form, result);
        if (result.hasErrors()) {
            return NEW;
        }
        WithSecret created;
        try {
            created = integrations.create(form.name(), form.source(), rules);
        } catch (ChangeRefusedException e) {
            result.rejectValue(e.getField(), e.getMessageCode());
            return NEW;
        }
        model.addAttribute("created", created);
        model.addAttribute("isNew", true);
        return SECRET;
    }

    @GetMapping("/{id}")
    String edit(@PathVariable long id, Model model) {
        IntegrationView integration = integrations.get(id);
        model.addAttribute("current", integration);
        model.addAttribute("integration", EditIntegration.of(integration));
        return EDIT;
    }

    @PostMapping("/{id}")
    String update(@PathVariable long id, @Valid @ModelAttribute("integration") EditIntegration form,
            BindingResult result, Model model, RedirectAttributes redirect) {
        IntegrationView current = integrations.get(id);
        model.addAttribute("current", current);
        IntegrationRules rules = IntegrationForms.rules(form, result);
        if (result.hasErrors()) {
            return EDIT;
        }
        IntegrationView saved;
        try {
            saved = integrations.update(id, form.version(), form.name(), rules, form.enabled());
        } catch (ChangeRefusedException e) {
            result.rejectValue(e.getField(), e.getMessageCode());
            return EDIT;
        } catch (EditConflictException | OptimisticLockingFailureException e) {
            // keep the admin's input and show the saved version beside it; saving again applies theirs knowingly
            IntegrationView now = integrations.get(id);
            model.addAttribute("current", now);
            model.addAttribute("conflict", EditIntegration.of(now));
            model.addAttribute("integration", form.withVersion(now.version()));
            return EDIT;
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("integration.saved", saved.name()));
        return "redirect:/admin/integrations/" + id;
    }

    /** Turns the intake on or off; the sender's notifications are refused (403) while it is off. */
    @PostMapping("/{id}/enabled")
    String setEnabled(@PathVariable long id, @RequestParam boolean enabled, RedirectAttributes redirect) {
        IntegrationView integration = integrations.setEnabled(id, enabled);
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success(
                enabled ? "integration.enabledNow" : "integration.disabledNow", integration.name()));
        return "redirect:/admin/integrations/" + id;
    }

    /** A new secret, shown once on the answer; the old one stops working at once. */
    @PostMapping("/{id}/secret")
    String rotateSecret(@PathVariable long id, Model model) {
        model.addAttribute("created", integrations.rotateSecret(id));
        model.addAttribute("isNew", false);
        return SECRET;
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable long id, RedirectAttributes redirect) {
        IntegrationView integration = integrations.get(id);
        integrations.delete(id);
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("integration.deleted", integration.name()));
        return "redirect:/admin/integrations";
    }
}
