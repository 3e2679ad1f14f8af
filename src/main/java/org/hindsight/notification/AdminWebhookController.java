package org.hindsight.notification;

import org.hindsight.incident.Severity;
import org.hindsight.notification.WebhookForms.WebhookForm;
import org.hindsight.notification.WebhookViews.WebhookView;
import org.hindsight.notification.WebhookViews.WithSecret;
import org.hindsight.system.ChangeRefusedException;
import org.hindsight.system.EditConflictException;
import org.hindsight.system.Flash;
import org.springframework.beans.factory.annotation.Value;
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

/**
 * Admin pages for webhooks: list, create (the secret is shown on the page answering the POST, never kept in a
 * redirect's flash or a URL), edit, turn on or off, send a test message, delete, and each webhook's delivery log.
 */
@Controller
@RequestMapping("/admin/webhooks")
class AdminWebhookController {

    private static final String LIST = "admin/webhooks";
    private static final String NEW = "admin/webhook-new";
    private static final String EDIT = "admin/webhook-edit";
    private static final String SECRET = "admin/webhook-secret";
    private static final int LOG_PAGE = 50;

    private final WebhookService webhooks;
    private final boolean baseUrlSet;

    AdminWebhookController(WebhookService webhooks, @Value("${hindsight.base-url:}") String baseUrl) {
        this.webhooks = webhooks;
        this.baseUrlSet = !baseUrl.isBlank();
    }

    @InitBinder
    void initBinder(WebDataBinder binder) {
        binder.setDisallowedFields("id");
    }

    @ModelAttribute
    void choices(Model model) {
        model.addAttribute("formats", WebhookFormat.values());
        model.addAttribute("eventChoices", WebhookEvent.values());
        model.addAttribute("severityChoices", Severity.values());
        model.addAttribute("baseUrlSet", baseUrlSet);
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("webhooks", webhooks.list());
        return LIST;
    }

    @GetMapping("/new")
    String newWebhook(Model model) {
        model.addAttribute("webhook", WebhookForm.empty());
        return NEW;
    }

    @PostMapping
    String create(@ModelAttribute("webhook") WebhookForm form, BindingResult result, Model model) {
        WebhookSettings settings = settings(form, result);
        if (settings == null) {
            return NEW;
        }
        WithSecret created;
        try {
            created = webhooks.create(settings);
        } catch (ChangeRefusedException e) {
            result.rejectValue(e.getField(), e.getMessageCode());
            return NEW;
        }
        model.addAttribute("created", created);
        return SECRET;
    }

    @GetMapping("/{id}")
    String edit(@PathVariable long id, @RequestParam(defaultValue = "0") int page, Model model) {
        WebhookView webhook = webhooks.get(id);
        model.addAttribute("webhook", WebhookForm.of(webhook));
        return edit(webhook, page, model);
    }

    private String edit(WebhookView current, int page, Model model) {
        model.addAttribute("current", current);
        model.addAttribute("deliveries", webhooks.deliveries(current.id(), page, LOG_PAGE));
        return EDIT;
    }

    @PostMapping("/{id}")
    String update(@PathVariable long id, @ModelAttribute("webhook") WebhookForm form, BindingResult result,
            Model model, RedirectAttributes redirect) {
        WebhookView current = webhooks.get(id);
        WebhookSettings settings = settings(form, result);
        if (settings == null) {
            return edit(current, 0, model);
        }
        WebhookView saved;
        try {
            saved = webhooks.update(id, form.version(), settings, form.enabled());
        } catch (ChangeRefusedException e) {
            result.rejectValue(e.getField(), e.getMessageCode());
            return edit(current, 0, model);
        } catch (EditConflictException | OptimisticLockingFailureException e) {
            // keep the admin's input; saving again applies it over the version now stored, knowingly
            WebhookView now = webhooks.get(id);
            model.addAttribute("conflict", true);
            model.addAttribute("webhook", form.withVersion(now.version()));
            return edit(now, 0, model);
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("webhook.saved", saved.name()));
        return "redirect:/admin/webhooks/" + id;
    }

    @PostMapping("/{id}/enabled")
    String setEnabled(@PathVariable long id, @RequestParam boolean enabled, RedirectAttributes redirect) {
        WebhookView webhook = webhooks.setEnabled(id, enabled);
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success(
                enabled ? "webhook.enabledNow" : "webhook.disabledNow", webhook.name()));
        return "redirect:/admin/webhooks/" + id;
    }

    @PostMapping("/{id}/test")
    String test(@PathVariable long id, RedirectAttributes redirect) {
        webhooks.sendTest(id);
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("webhook.testQueued", webhooks.get(id).name()));
        return "redirect:/admin/webhooks/" + id;
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable long id, RedirectAttributes redirect) {
        WebhookView webhook = webhooks.get(id);
        webhooks.delete(id);
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("webhook.deleted", webhook.name()));
        return "redirect:/admin/webhooks";
    }

    /** The form's settings, or null with each field that cannot be used marked on the form. */
    private WebhookSettings settings(WebhookForm form, BindingResult result) {
        if (result.hasErrors()) {
            return null;
        }
        try {
            return webhooks.settings(form.name(), form.url(), form.format(), form.events(), form.severities());
        } catch (WebhookSettings.Invalid e) {
            for (WebhookSettings.Problem problem : e.problems()) {
                if (!result.hasFieldErrors(problem.field())) {
                    result.rejectValue(problem.field(), problem.code(), problem.args(), null);
                }
            }
            return null;
        }
    }
}
