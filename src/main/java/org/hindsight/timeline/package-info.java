/**
 * The timeline of an incident: timeline events, key moments, dead ends, live updates to every viewer.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Timeline", allowedDependencies = {"system", "user", "incident"})
package org.hindsight.timeline;
