package org.hindsight.postmortem.imports;

import java.time.LocalDate;
import java.time.ZoneId;

import org.hindsight.incident.Severity;

/**
 * What the importing user tells the parser beyond the document: the zone of times written without one, the
 * date of times written without one, and corrections of the title and severity. Every part may be null.
 */
public record ImportOptions(ZoneId zone, LocalDate date, String title, Severity severity) {

    public static ImportOptions none() {
        return new ImportOptions(null, null, null, null);
    }
}
