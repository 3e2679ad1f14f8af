package org.hindsight.postmortem.templates;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The template form: its name and Mustache text, an incident to preview it on, and the version it was loaded at. */
record TemplateForm(
        @NotBlank @Size(max = 100) String name,
        @NotBlank @Size(max = 50000) String body,
        @Size(max = 40) String previewKey,
        long version) {

    static TemplateForm empty() {
        return new TemplateForm("", PostmortemTemplates.builtInText(PostmortemTemplates.REFERENCE), "", 0);
    }

    TemplateForm withVersion(long newVersion) {
        return new TemplateForm(name, body, previewKey, newVersion);
    }
}
