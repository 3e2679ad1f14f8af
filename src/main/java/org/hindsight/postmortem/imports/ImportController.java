package org.hindsight.postmortem.imports;

import java.io.IOException;
import java.time.ZoneId;
import java.util.Locale;

import jakarta.validation.Valid;

import org.hindsight.incident.Severity;
import org.hindsight.system.ChangeRefusedException;
import org.hindsight.system.Flash;
import org.hindsight.user.CurrentUser;
import org.hindsight.user.HindsightUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.DataBinder;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The import page: paste or upload a postmortem, see what was understood (and correct the zone, date,
 * title and severity), then create the incident. The text travels with the form, so nothing is lost.
 */
@Controller
class ImportController {

    static final String PAGE = "postmortem/import";

    private final ImportService imports;

    ImportController(ImportService imports) {
        this.imports = imports;
    }

    @InitBinder
    void initBinder(WebDataBinder binder) {
        binder.setDisallowedFields("id");
    }

    @ModelAttribute
    void choices(Model model) {
        model.addAttribute("severities", Severity.values());
        model.addAttribute("maxMegabytes", ImportText.MAX_BYTES / 1024 / 1024);
    }

    @GetMapping("/incidents/import")
    String page(Model model, @RequestParam(required = false) String tooLarge) {
        model.addAttribute("form", ImportForm.empty());
        if (tooLarge != null) {
            model.addAttribute(Flash.ATTRIBUTE, Flash.error("import.upload.tooLarge", ImportText.MAX_BYTES / 1024 / 1024));
        }
        return PAGE;
    }

    @PostMapping("/incidents/import/preview")
    String preview(@Valid @ModelAttribute("form") ImportForm form, BindingResult result,
            @RequestParam(required = false) MultipartFile file, Model model) throws IOException {
        ImportedPostmortem parsed = read(form, file, result, model);
        if (parsed != null && !parsed.understoodAnything()) {
            errors(model, result).rejectValue("text", "import.nothingUnderstood");
        }
        return PAGE;
    }

    @PostMapping("/incidents/import")
    String create(@CurrentUser HindsightUser me, @Valid @ModelAttribute("form") ImportForm form, BindingResult result,
            @RequestParam(required = false) MultipartFile file, Model model, RedirectAttributes redirect)
            throws IOException {
        ImportedPostmortem parsed = read(form, file, result, model);
        if (parsed == null || result.hasErrors()) {
            return PAGE;
        }
        try {
            ImportService.check(parsed, "text");
            String key = imports.create(me, parsed).key();
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("import.created", key));
            return "redirect:/incidents/" + key;
        } catch (ChangeRefusedException e) {
            String field = switch (e.getField()) {
                case "title", "date", "zone", "severity" -> e.getField();
                default -> "text";
            };
            errors(model, result).rejectValue(field, e.getMessageCode(),
                    new Object[] {ImportText.MAX_BYTES / 1024 / 1024}, null);
            return PAGE;
        }
    }

    /** The form's errors as the page shows them: the fresh binding of the previewed form, once there is one. */
    private static BindingResult errors(Model model, BindingResult original) {
        Object current = model.getAttribute(BindingResult.MODEL_KEY_PREFIX + "form");
        return current instanceof BindingResult bound ? bound : original;
    }

    /** The text (an uploaded file replaces the pasted text), parsed with the user's corrections; null on errors. */
    private ImportedPostmortem read(ImportForm form, MultipartFile file, BindingResult result, Model model)
            throws IOException {
        Object[] limit = {ImportText.MAX_BYTES / 1024 / 1024};
        String text;
        ZoneId zone;
        try {
            text = file != null && !file.isEmpty() ? ImportRequest.uploaded(file, "text")
                    : ImportText.checked(form.text(), "text");
            zone = ImportRequest.zone(form.zone());
        } catch (ImportRefusedException e) {
            result.rejectValue(e.field(), e.messageCode(), limit, null);
            return null;
        }
        if (result.hasErrors()) {
            return null;
        }
        ImportedPostmortem parsed = ImportRequest.parse(text, zone, form.date(), form.title(), form.severity());
        // the form shown from here on carries the uploaded text and the understood title and severity
        ImportForm shown = form.withText(text).filledFrom(parsed);
        model.addAttribute("form", shown);
        model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "form", new DataBinder(shown, "form").getBindingResult());
        model.addAttribute("preview", parsed);
        model.addAttribute("understoodFields", ImportJson.understoodFields(parsed));
        return parsed;
    }
}
