package org.hindsight.postmortem.imports;

import java.time.LocalDate;

import jakarta.validation.constraints.Size;

import org.hindsight.incident.Severity;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;

/**
 * The import page's form: the pasted (or uploaded) text, kept through preview and errors, and the user's
 * corrections: the zone and date of times written without them, the title and the severity.
 */
record ImportForm(
        String text,
        @Size(max = 64) String zone,
        @DateTimeFormat(iso = ISO.DATE) LocalDate date,
        @Size(max = 200) String title,
        Severity severity) {

    static ImportForm empty() {
        return new ImportForm("", "", null, "", null);
    }

    ImportForm withText(String newText) {
        return new ImportForm(newText, zone, date, title, severity);
    }

    /** The title and severity the preview understood, where the user has not chosen their own. */
    ImportForm filledFrom(ImportedPostmortem parsed) {
        return new ImportForm(text, zone, date, title == null || title.isBlank() ? parsed.title() : title,
                severity == null ? parsed.severity() : severity);
    }
}
