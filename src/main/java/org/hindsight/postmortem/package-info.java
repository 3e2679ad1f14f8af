/**
 * The postmortem report, in three parts: {@link org.hindsight.postmortem.export export} (Markdown in the
 * reference shape, HTML, PDF), {@link org.hindsight.postmortem.imports imports} (existing Markdown postmortems
 * read back) and {@link org.hindsight.postmortem.templates templates} (team templates). The root holds only
 * what they share: the data a postmortem shows ({@link org.hindsight.postmortem.PostmortemLoader} reads it in
 * one transaction), its model for templates, the export options and the Markdown text rules that export and
 * import must agree on, and the {@link org.hindsight.postmortem.PostmortemPublished} event. A consumer of the
 * incident, timeline and action-item modules' public APIs; only the notification module depends on it (that event).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Postmortems",
        allowedDependencies = {"system", "user", "incident", "timeline", "action"})
package org.hindsight.postmortem;
