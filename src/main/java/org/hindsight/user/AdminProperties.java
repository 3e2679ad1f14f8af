package org.hindsight.user;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code hindsight.admin.password} (env {@code HINDSIGHT_ADMIN_PASSWORD}): the first admin's password. */
@ConfigurationProperties("hindsight.admin")
record AdminProperties(String password) {
}
