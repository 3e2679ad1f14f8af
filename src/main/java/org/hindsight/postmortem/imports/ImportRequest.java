package org.hindsight.postmortem.imports;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import org.hindsight.incident.Severity;
import org.springframework.web.multipart.MultipartFile;

/**
 * The steps the import page and {@code POST /api/imports} share, in their order: the text (pasted, uploaded or the
 * request body) decoded and checked, the user's options read, then the parse. Each refusal is an
 * {@link ImportRefusedException} naming the field, which the page shows beside it and the API as problem details.
 */
final class ImportRequest {

    private ImportRequest() {
    }

    /** An uploaded file's text: a Markdown or text file of at most {@link ImportText#MAX_BYTES}, UTF-8. */
    static String uploaded(MultipartFile file, String field) throws IOException {
        String name = file.getOriginalFilename() == null ? "" : file.getOriginalFilename().toLowerCase(Locale.ROOT);
        if (!name.matches(".*\\.(md|markdown|txt)$")) {
            throw new ImportRefusedException(415, field, "import.file.type");
        }
        if (file.getSize() > ImportText.MAX_BYTES) {
            throw new ImportRefusedException(413, field, "import.text.tooLarge");
        }
        return ImportText.decode(file.getBytes(), field);
    }

    /** The zone the user gives for times written without one; null when none is given. */
    static ZoneId zone(String zone) {
        if (zone == null || zone.isBlank()) {
            return null;
        }
        ZoneId found = ImportTimes.userZone(zone);
        if (found == null) {
            throw new ImportRefusedException(400, "zone", "import.zone.invalid");
        }
        return found;
    }

    /** The date the user gives for times written without one (ISO); null when none is given. */
    static LocalDate date(String date) {
        if (date == null || date.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(date.strip());
        } catch (DateTimeParseException e) {
            throw new ImportRefusedException(400, "date", "import.date.invalid");
        }
    }

    /** The document parsed with the user's options. */
    static ImportedPostmortem parse(String text, ZoneId zone, LocalDate date, String title, Severity severity) {
        return PostmortemParser.parse(text, new ImportOptions(zone, date, title, severity));
    }
}
