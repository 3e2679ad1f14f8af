/**
 * Accounts, roles, sign-in (form, HTTP Basic, API tokens, sign-in throttling), profiles and the security
 * configuration. Other modules find accounts through {@link org.hindsight.user.UserDirectory} and act as the
 * signed-in {@link org.hindsight.user.HindsightUser}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Users and sign-in", allowedDependencies = "system")
package org.hindsight.user;
