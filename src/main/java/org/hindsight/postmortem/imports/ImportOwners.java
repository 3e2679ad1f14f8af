package org.hindsight.postmortem.imports;

import org.hindsight.user.UserDirectory;
import org.springframework.stereotype.Component;

/** Finds the account an imported owner names: by username, {@code @username}, email or display name. */
@Component
class ImportOwners {

    private final UserDirectory directory;

    ImportOwners(UserDirectory directory) {
        this.directory = directory;
    }

    /** The username of the one enabled account the name fits, or null (none, or more than one). */
    public String username(String written) {
        return directory.usernameFor(written).orElse(null);
    }
}
