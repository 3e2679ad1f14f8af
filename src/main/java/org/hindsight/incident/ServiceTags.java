package org.hindsight.incident;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.hindsight.system.ChangeRefusedException;
import org.hindsight.system.RecentValue;
import org.hindsight.system.SharedChanges;
import org.springframework.stereotype.Component;

/** Affected services as tags: names normalised (lower case, dashes for spaces) and shared by every incident. */
@Component
class ServiceTags {

    static final int MAX_PER_INCIDENT = 20;

    private final AffectedServiceRepository services;
    /** Every list and form offers them; a new name comes with an incident that names it. */
    private final RecentValue<List<String>> knownNames;

    ServiceTags(AffectedServiceRepository services, SharedChanges shared) {
        this.services = services;
        this.knownNames = new RecentValue<>(Duration.ofSeconds(30),
                () -> services.findAllByOrderByNameAsc().stream().map(AffectedService::getName).toList(), shared);
    }

    List<String> names() {
        return knownNames.get();
    }

    /** The tags for these names, creating the new ones. */
    Set<AffectedService> resolve(List<String> names) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String name : names == null ? List.<String>of() : names) {
            String normalized = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", "-");
            if (normalized.isEmpty()) {
                continue;
            }
            if (normalized.length() > 80) {
                throw new ChangeRefusedException("services", "incident.services.tooLong");
            }
            wanted.add(normalized);
        }
        if (wanted.size() > MAX_PER_INCIDENT) {
            throw new ChangeRefusedException("services", "incident.services.tooMany");
        }
        Set<AffectedService> found = new HashSet<>(services.findByNameIn(wanted));
        Set<String> known = new HashSet<>();
        found.forEach(s -> known.add(s.getName()));
        for (String name : wanted) {
            if (!known.contains(name)) {
                found.add(services.save(new AffectedService(name)));
                knownNames.changed();
            }
        }
        return found;
    }

}
