/**
 * Search: words and phrases in incidents (title, impact, root cause, resolution, contributing factors, lessons,
 * notes), their timeline events and their action items, ranked, with snippets; the search page and API, the
 * incident list's text filter ({@link org.hindsight.incident.IncidentTextFilter}) and "similar incidents" on the
 * incident page ({@link org.hindsight.incident.IncidentPageSection}). A read model: it reads the incident,
 * timeline and action item tables (and PostgreSQL's index of their words) with SQL of its own and calls no other
 * module's code but the incident module's public API, so that the incident module can use it through the interface
 * it declares without a cycle.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Search",
        allowedDependencies = {"system", "user", "incident"})
package org.hindsight.search;
