/**
 * Action items: the corrective and preventive work of an incident, the ledger across incidents, due-date
 * policies, the owners calendar feed.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Action items", allowedDependencies = {"system", "user", "incident"})
package org.hindsight.action;
