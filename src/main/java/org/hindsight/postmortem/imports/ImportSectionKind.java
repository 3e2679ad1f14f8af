package org.hindsight.postmortem.imports;

import java.util.List;
import java.util.Map;

/**
 * What a postmortem's section is about, from its name as the common templates write it (Hindsight's own,
 * Google SRE, PagerDuty, Atlassian, GitLab): matched case-insensitively, without numbering or a colon.
 */
enum ImportSectionKind {
    TITLE, SUMMARY, IMPACT, ROOT_CAUSE, TRIGGER, ROOT_CAUSE_AND_RESOLUTION, RESOLUTION, CONTRIBUTING_FACTORS,
    TIMELINE, ACTIONS, IMPROVEMENTS, TASKS, LESSONS, WENT_WELL, WENT_WRONG, LUCKY, CLOSING, NOTES, UNKNOWN;

    private static final Map<String, ImportSectionKind> EXACT = Map.ofEntries(
            Map.entry("summary", SUMMARY), Map.entry("issue summary", SUMMARY), Map.entry("incident summary", SUMMARY),
            Map.entry("executive summary", SUMMARY), Map.entry("overview", SUMMARY),
            Map.entry("incident overview", SUMMARY), Map.entry("tl;dr", SUMMARY), Map.entry("tldr", SUMMARY),
            Map.entry("trigger", TRIGGER), Map.entry("triggers", TRIGGER), Map.entry("fault", ROOT_CAUSE),
            Map.entry("cause", ROOT_CAUSE), Map.entry("causes", ROOT_CAUSE), Map.entry("five whys", ROOT_CAUSE),
            Map.entry("5 whys", ROOT_CAUSE),
            Map.entry("resolution", RESOLUTION), Map.entry("mitigation", RESOLUTION), Map.entry("recovery", RESOLUTION),
            Map.entry("resolution and recovery", RESOLUTION), Map.entry("mitigation and resolution", RESOLUTION),
            Map.entry("how we fixed it", RESOLUTION),
            Map.entry("containment", RESOLUTION), Map.entry("containment and recovery", RESOLUTION),
            Map.entry("countermeasures", ACTIONS), Map.entry("countermeasure", ACTIONS),
            Map.entry("linked issues", ACTIONS), Map.entry("linked tickets", ACTIONS),
            Map.entry("follow-up tickets", ACTIONS), Map.entry("problem statement", SUMMARY),
            Map.entry("problem", SUMMARY), Map.entry("description", SUMMARY),
            Map.entry("why it happened", ROOT_CAUSE), Map.entry("what caused it", ROOT_CAUSE),
            Map.entry("cause analysis", ROOT_CAUSE), Map.entry("causal analysis", ROOT_CAUSE),
            Map.entry("what we're doing about it", ACTIONS), Map.entry("what we are doing about it", ACTIONS),
            Map.entry("what we're doing", ACTIONS), Map.entry("what's next", ACTIONS), Map.entry("prevention", ACTIONS),
            Map.entry("preventing recurrence", ACTIONS), Map.entry("remediation and prevention", ACTIONS),
            Map.entry("contributing factors", CONTRIBUTING_FACTORS), Map.entry("contributing factor", CONTRIBUTING_FACTORS),
            Map.entry("contributing factor(s)", CONTRIBUTING_FACTORS),
            Map.entry("timeline", TIMELINE), Map.entry("incident timeline", TIMELINE),
            Map.entry("timeline of events", TIMELINE), Map.entry("detailed timeline", TIMELINE),
            Map.entry("chronology", TIMELINE), Map.entry("sequence of events", TIMELINE),
            Map.entry("action items", ACTIONS), Map.entry("actions", ACTIONS), Map.entry("action plan", ACTIONS),
            Map.entry("follow-ups", ACTIONS), Map.entry("follow ups", ACTIONS), Map.entry("followups", ACTIONS),
            Map.entry("follow-up actions", ACTIONS), Map.entry("follow-up items", ACTIONS),
            Map.entry("corrective actions", ACTIONS), Map.entry("corrective and preventative measures", ACTIONS),
            Map.entry("corrective and preventive measures", ACTIONS),
            Map.entry("corrective and preventive actions", ACTIONS), Map.entry("remediation", ACTIONS),
            Map.entry("remediation items", ACTIONS), Map.entry("next steps", ACTIONS),
            Map.entry("preventive actions", ACTIONS), Map.entry("preventative actions", ACTIONS),
            Map.entry("improvements/fixes", IMPROVEMENTS), Map.entry("improvements / fixes", IMPROVEMENTS),
            Map.entry("improvements", IMPROVEMENTS), Map.entry("fixes", IMPROVEMENTS),
            Map.entry("improvements and fixes", IMPROVEMENTS), Map.entry("tasks", TASKS),
            Map.entry("lessons learned", LESSONS), Map.entry("lessons", LESSONS), Map.entry("learnings", LESSONS),
            Map.entry("lessons learnt", LESSONS), Map.entry("takeaways", LESSONS), Map.entry("key takeaways", LESSONS),
            Map.entry("conclusion", LESSONS), Map.entry("closing summary", LESSONS),
            Map.entry("closing thoughts", LESSONS), Map.entry("how'd we do", LESSONS),
            Map.entry("how did we do", LESSONS),
            Map.entry("what went well", WENT_WELL), Map.entry("things that went well", WENT_WELL),
            Map.entry("what went wrong", WENT_WRONG), Map.entry("what didn't go so well", WENT_WRONG),
            Map.entry("what did not go well", WENT_WRONG), Map.entry("what could be improved", WENT_WRONG),
            Map.entry("what can be improved", WENT_WRONG), Map.entry("things that went wrong", WENT_WRONG),
            Map.entry("where we got lucky", LUCKY),
            Map.entry("notes", NOTES));

    /** The kind a section name stands for; UNKNOWN when it is none of them. */
    static ImportSectionKind of(String name) {
        String key = NodeText.key(name);
        ImportSectionKind exact = EXACT.get(key);
        if (exact != null) {
            return exact;
        }
        if (namesRootCauseKey(key)) {
            return key.contains("resolution") ? ROOT_CAUSE_AND_RESOLUTION : ROOT_CAUSE;
        }
        if (key.startsWith("impact") || key.endsWith(" impact")) {
            return IMPACT;
        }
        if (key.startsWith("how we got back") || key.startsWith("how we recovered") || key.startsWith("how we fixed")
                || key.startsWith("how we restored") || key.startsWith("how we mitigated") || key.contains("back online")
                || key.startsWith("restoration") || key.startsWith("service restoration")) {
            return RESOLUTION;
        }
        if (key.startsWith("remediation")) {
            return ACTIONS;
        }
        if (key.startsWith("timeline")) {
            return TIMELINE;
        }
        if (key.startsWith("lessons") || key.startsWith("learnings")) {
            return LESSONS;
        }
        if (key.startsWith("action items") || key.startsWith("follow-up") || key.startsWith("corrective")) {
            return ACTIONS;
        }
        return UNKNOWN;
    }

    /**
     * Whether a root-cause section's name says "root cause" itself; "Fault", "Five whys", "Why it happened" lead to
     * the root cause and give way to such a section when the document has one.
     */
    static boolean namesRootCause(String name) {
        return namesRootCauseKey(NodeText.key(name));
    }

    /** "Root cause(s)", "Root cause analysis", "Blameless root cause"; not "Follow-ups from the root cause review". */
    private static boolean namesRootCauseKey(String key) {
        return key.startsWith("root cause") || key.startsWith("root-cause") || key.endsWith(" root cause")
                || key.endsWith(" root causes");
    }

    boolean isActions() {
        return this == ACTIONS || this == IMPROVEMENTS || this == TASKS;
    }

    /** Sections whose content is Markdown kept as written in one field. */
    boolean isMarkdownField() {
        return List.of(IMPACT, ROOT_CAUSE, TRIGGER, RESOLUTION, CONTRIBUTING_FACTORS, LESSONS, WENT_WELL,
                WENT_WRONG, LUCKY, CLOSING).contains(this);
    }
}
