package org.hindsight.action;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.hindsight.incident.OpenActionCounter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Open action items per incident for the incident list: one grouped query for the whole page. */
@Component
class OpenActionCounts implements OpenActionCounter {

    private final ActionItemRepository items;

    OpenActionCounts(ActionItemRepository items) {
        this.items = items;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<Long, Long> openActionsByIncident(Collection<Long> incidentIds) {
        Map<Long, Long> counts = new HashMap<>();
        for (Object[] row : items.countOpenByIncident(incidentIds)) {
            counts.put((Long) row[0], (Long) row[1]);
        }
        return counts;
    }
}
