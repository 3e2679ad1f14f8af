-- Failed sign-ins, counted in the database so that every instance of the application sees the same counts.
-- One row per throttled key: 'account:<lower-case username>' or 'address:<IPv4 address | IPv6 /64>' (a key
-- longer than 150 characters is stored as its SHA-256). Only failures create rows; a successful sign-in reads
-- its two keys by primary key and writes nothing unless a failure was recorded for the account.
-- Portable SQL: runs unchanged on H2 and PostgreSQL.

CREATE TABLE login_failure (
    throttle_key    VARCHAR(160) NOT NULL,
    failures        INTEGER      NOT NULL,
    last_failure_at TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until    TIMESTAMP WITH TIME ZONE,
    forget_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_login_failure PRIMARY KEY (throttle_key)
);

-- the clean-up deletes rows nothing needs any more: WHERE forget_at <= now
CREATE INDEX ix_login_failure_forget_at ON login_failure (forget_at);
