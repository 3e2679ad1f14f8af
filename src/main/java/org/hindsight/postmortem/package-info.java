/**
 * The postmortem report: Markdown export in the reference shape, HTML and PDF, team templates, import of existing
 * postmortems. A consumer of the incident, timeline and action-item modules' public APIs.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Postmortems",
        allowedDependencies = {"system", "user", "incident", "timeline", "action"})
package org.hindsight.postmortem;
