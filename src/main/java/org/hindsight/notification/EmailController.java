package org.hindsight.notification;

import java.util.Map;

import jakarta.validation.Valid;

import org.hindsight.notification.MailViews.PreferencesForm;
import org.hindsight.notification.MailViews.TestEmailForm;
import org.hindsight.system.Audited;
import org.hindsight.system.Flash;
import org.hindsight.user.CurrentUser;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.ProfileSection;
import org.hindsight.user.Role;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Email on the pages: the admin page (whether email is on, a test email, the latest emails with their state) and,
 * on the profile page, each person's choice of digests.
 */
@Controller
class EmailController implements ProfileSection {

    private static final String ADMIN = "admin/email";
    private static final int LOG_SIZE = 30;

    private final MailSetup setup;
    private final MailOutbox outbox;
    private final MailTemplates templates;
    private final NoticeTexts texts;
    private final EmailPreferences preferences;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;

    EmailController(MailSetup setup, MailOutbox outbox, MailTemplates templates, NoticeTexts texts,
            EmailPreferences preferences, ApplicationEventPublisher events, PlatformTransactionManager transactions) {
        this.setup = setup;
        this.outbox = outbox;
        this.templates = templates;
        this.texts = texts;
        this.preferences = preferences;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
    }

    // ---- admin

    @GetMapping("/admin/email")
    String admin(Model model) {
        model.addAttribute("test", TestEmailForm.empty());
        return adminPage(model);
    }

    @PostMapping("/admin/email/test")
    String sendTest(@CurrentUser HindsightUser me, @Valid @ModelAttribute("test") TestEmailForm test,
            BindingResult result, Model model, RedirectAttributes redirect) {
        if (result.hasErrors()) {
            return adminPage(model);
        }
        if (!setup.enabled()) {
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.error("email.test.off"));
            return "redirect:/admin/email";
        }
        String to = test.to();
        MailTemplates.Rendered email = templates.render("test", texts.text("email.test.subject"),
                Map.of("sentBy", me.getDisplayName(), "baseUrl", texts.baseUrl()));
        tx.executeWithoutResult(status -> {
            long id = outbox.recordTest(to, email);
            events.publishEvent(Audited.created("email", "test-" + id, null, Map.of("to", to)));
        });
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("email.test.queued", to));
        return "redirect:/admin/email";
    }

    private String adminPage(Model model) {
        model.addAttribute("emailOn", setup.enabled());
        model.addAttribute("server", setup.server());
        model.addAttribute("from", setup.from());
        model.addAttribute("emails", outbox.latest(LOG_SIZE));
        return ADMIN;
    }

    // ---- profile

    @PostMapping("/profile/email")
    String savePreferences(@CurrentUser HindsightUser me, @ModelAttribute("emailPreferences") PreferencesForm form,
            RedirectAttributes redirect) {
        boolean manager = me.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(Role.MANAGER.authority()));
        // the weekly choice is kept as it was for those who are not offered it
        boolean weekly = manager ? form.weekly() : preferences.of(me.getId()).weekly();
        preferences.set(me.getId(), me.getUsername(), new EmailPreferences.Choice(form.daily(), weekly));
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("email.profile.saved"));
        return "redirect:/profile#email";
    }

    @Override
    public void populate(Model model, HindsightUser me) {
        EmailPreferences.Choice choice = preferences.of(me.getId());
        model.addAttribute("emailPreferences", new PreferencesForm(choice.daily(), choice.weekly()));
        model.addAttribute("emailOn", setup.enabled());
    }
}
