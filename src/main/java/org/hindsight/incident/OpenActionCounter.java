package org.hindsight.incident;

import java.util.Collection;
import java.util.Map;

/** Counts the open action items of incidents; implemented where the action items live. */
public interface OpenActionCounter {

    /** Incident id → number of OPEN or IN_PROGRESS action items; incidents without any may be absent. */
    Map<Long, Long> openActionsByIncident(Collection<Long> incidentIds);
}
