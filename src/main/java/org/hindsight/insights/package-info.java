/**
 * Insights across incidents ({@code /insights}, its CSV and {@code /api/insights}): per month, severity or service the
 * number of incidents, the median and 90th percentile of their durations and of the time they lost to dead ends, their
 * action items; the incidents left out and why; services that recur. Reads: the incidents of the range and their
 * action items in a few aggregate statements of its own (read only, nothing is written here), the durations'
 * definition from the incident module ({@link org.hindsight.incident.IncidentViews.Durations}) and the dead-end time
 * from the timeline module ({@link org.hindsight.timeline.DeadEndTimes}). No other module depends on it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Insights",
        allowedDependencies = {"system", "user", "incident", "timeline", "action"})
package org.hindsight.insights;
