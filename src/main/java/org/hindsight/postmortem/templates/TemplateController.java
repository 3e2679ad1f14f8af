package org.hindsight.postmortem.templates;

import jakarta.validation.Valid;

import org.hindsight.postmortem.ExportOptions;
import org.hindsight.postmortem.PostmortemLoader;
import org.hindsight.postmortem.PostmortemModel;
import org.hindsight.system.ChangeRefusedException;
import org.hindsight.system.EditConflictException;
import org.hindsight.system.Flash;
import org.hindsight.system.MarkdownRenderer;
import org.hindsight.system.RecordNotFoundException;
import org.hindsight.user.CurrentUser;
import org.hindsight.user.HindsightUser;
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

/**
 * Managers write the team's postmortem templates: list, create, edit (optimistic locking), delete, and
 * preview a template on the sample postmortem or a real incident before saving it.
 */
@Controller
class TemplateController {

    private static final String FORM = "postmortem/template-form";

    private final StoredTemplateService templates;
    private final PostmortemLoader source;
    private final MarkdownRenderer markdown;

    TemplateController(StoredTemplateService templates, PostmortemLoader source, MarkdownRenderer markdown) {
        this.templates = templates;
        this.source = source;
        this.markdown = markdown;
    }

    @InitBinder
    void initBinder(WebDataBinder binder) {
        binder.setDisallowedFields("id");
    }

    @GetMapping("/postmortem-templates")
    String list(Model model) {
        model.addAttribute("templates", templates.summaries());
        return "postmortem/templates";
    }

    @GetMapping("/postmortem-templates/new")
    String newTemplate(Model model) {
        model.addAttribute("form", TemplateForm.empty());
        return FORM;
    }

    @PostMapping("/postmortem-templates")
    String create(@CurrentUser HindsightUser me, @Valid @ModelAttribute("form") TemplateForm form, BindingResult result,
            @RequestParam(required = false) String preview, Model model, RedirectAttributes redirect) {
        if (!tryOut(me, form, result, model) || preview != null) {
            return FORM;
        }
        try {
            templates.create(me, form.name(), form.body());
        } catch (ChangeRefusedException e) {
            result.rejectValue(e.getField(), e.getMessageCode());
            return FORM;
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("postmortem.templates.saved", form.name().strip()));
        return "redirect:/postmortem-templates";
    }

    @GetMapping("/postmortem-templates/{id}")
    String edit(@PathVariable long id, Model model) {
        var template = templates.get(id);
        model.addAttribute("templateId", id);
        model.addAttribute("form", new TemplateForm(template.name(), template.body(), "", template.version()));
        return FORM;
    }

    @PostMapping("/postmortem-templates/{id}")
    String update(@CurrentUser HindsightUser me, @PathVariable long id,
            @Valid @ModelAttribute("form") TemplateForm form, BindingResult result,
            @RequestParam(required = false) String preview, Model model, RedirectAttributes redirect) {
        templates.get(id);
        model.addAttribute("templateId", id);
        if (!tryOut(me, form, result, model) || preview != null) {
            return FORM;
        }
        try {
            templates.update(me, id, form.name(), form.body(), form.version());
        } catch (ChangeRefusedException e) {
            result.rejectValue(e.getField(), e.getMessageCode());
            return FORM;
        } catch (EditConflictException e) {
            // keep the editor's text; show what the other manager saved; saving again replaces it knowingly
            var current = (StoredTemplateService.Details) e.getCurrent();
            model.addAttribute("conflict", current);
            model.addAttribute("form", form.withVersion(current.version()));
            return FORM;
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("postmortem.templates.saved", form.name().strip()));
        return "redirect:/postmortem-templates";
    }

    @PostMapping("/postmortem-templates/{id}/delete")
    String delete(@CurrentUser HindsightUser me, @PathVariable long id, RedirectAttributes redirect) {
        String name = templates.get(id).name();
        templates.delete(me, id);
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("postmortem.templates.deleted", name));
        return "redirect:/postmortem-templates";
    }

    /**
     * Renders the template on the chosen incident (or the sample postmortem) into the model as
     * {@code previewHtml}; a broken template or an unknown incident becomes a field error. True when usable.
     */
    private boolean tryOut(HindsightUser me, TemplateForm form, BindingResult result, Model model) {
        if (result.hasFieldErrors("body") || form.body() == null) {
            return false;
        }
        try {
            StoredTemplateService.trial(form.body());
            var view = SamplePostmortem.model();
            if (form.previewKey() != null && !form.previewKey().isBlank()) {
                view = PostmortemModel.of(source.load(me, form.previewKey().strip()), ExportOptions.reference());
            }
            String text = TemplateEngine.render(TemplateEngine.compile(form.body()), view);
            model.addAttribute("previewHtml", markdown.toHtml(text));
        } catch (TemplateEngine.TemplateError e) {
            result.rejectValue("body", "postmortem.templates.body.broken", new Object[] {e.line(), e.getMessage()},
                    "Line " + e.line() + ": " + e.getMessage());
        } catch (RecordNotFoundException e) {
            result.rejectValue("previewKey", "postmortem.templates.previewKey.unknown");
        }
        return !result.hasErrors();
    }
}
