/**
 * The incident record: severity, status, summary times, impact, services, commander and responders, narrative.
 * Its public API is {@link org.hindsight.incident.IncidentService}; the incident page is assembled from the
 * sections other modules contribute ({@link org.hindsight.incident.IncidentPageSection}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Incidents", allowedDependencies = {"system", "user"})
package org.hindsight.incident;
