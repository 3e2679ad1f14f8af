package org.hindsight.incident;

import java.util.LinkedHashMap;
import java.util.Map;

import org.hindsight.incident.IncidentViews.IncidentDetails;

/** The fields of an incident the audit trail compares, by the names the API uses; users by username. */
final class IncidentAuditFields {

    private IncidentAuditFields() {
    }

    static Map<String, Object> of(IncidentDetails incident) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("title", incident.title());
        fields.put("severity", incident.severity());
        fields.put("status", incident.status());
        for (SummaryTime time : SummaryTime.values()) {
            fields.put(time.field(), incident.get(time));
        }
        fields.put("impact", incident.impact());
        fields.put("usersAffectedPercent", incident.usersAffectedPercent());
        fields.put("services", incident.services());
        fields.put("commander", incident.commander() == null ? null : incident.commander().username());
        fields.put("responders", incident.responders().stream().map(IncidentViews.UserRef::username).toList());
        fields.put("rootCauseSummary", incident.rootCauseSummary());
        fields.put("rootCause", incident.rootCause());
        fields.put("resolution", incident.resolution());
        fields.put("contributingFactors", incident.contributingFactors());
        fields.put("lessons", incident.lessons());
        fields.put("notes", incident.notes());
        return fields;
    }
}
