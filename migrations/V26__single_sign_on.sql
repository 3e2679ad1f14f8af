-- Single sign-on (README "Single sign-on"): an account signed in through the OpenID provider, or linked to it, keeps
-- the provider's issuer and its subject (the provider's stable id for the person); one account per person at a
-- provider. Accounts that sign in with a password only leave both empty (several NULLs never collide).
-- Portable SQL: runs unchanged on H2 and PostgreSQL.
ALTER TABLE app_user ADD COLUMN oidc_issuer VARCHAR(255);
ALTER TABLE app_user ADD COLUMN oidc_subject VARCHAR(255);
ALTER TABLE app_user ADD CONSTRAINT uk_app_user_oidc UNIQUE (oidc_issuer, oidc_subject);
