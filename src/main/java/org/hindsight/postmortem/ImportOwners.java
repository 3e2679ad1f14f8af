package org.hindsight.postmortem;

import java.util.List;
import java.util.Locale;

import jakarta.persistence.EntityManager;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Finds the account an imported owner names: by username, {@code @username}, email or display name. */
@Component
class ImportOwners {

    private final EntityManager entityManager;

    ImportOwners(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The username of the one enabled account the name fits, or null (none, or more than one). */
    @Transactional(readOnly = true)
    public String username(String written) {
        if (written == null || written.isBlank()) {
            return null;
        }
        // emphasis around the name goes, an underscore inside it ("owner_two") stays
        String name = written.strip().replaceAll("^[*_`]+|[*_`]+$", "").replaceFirst("^@", "")
                .strip().toLowerCase(Locale.ROOT);
        List<String> found = entityManager.createQuery("select u.username from User u where u.enabled = true and "
                + "(lower(u.username) = :name or lower(u.email) = :name or lower(u.displayName) = :name)", String.class)
                .setParameter("name", name).setMaxResults(2).getResultList();
        return found.size() == 1 ? found.get(0) : null;
    }
}
