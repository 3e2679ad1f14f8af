-- Counters of changes that the instances' caches depend on ("ledger": action items, incidents, users; "choices":
-- service names and accounts). A change raises one counter row of its topic in its own transaction, just before
-- the commit; every instance sums each topic's rows twice a second and drops its caches of that topic when the sum
-- moved, so a change made through any instance shows on all of them within about a second, and never before its
-- commit. Writers pick one of the 16 rows of a topic at random, so concurrent commits rarely wait for one another.
-- Portable SQL: runs unchanged on H2 and PostgreSQL.
CREATE TABLE change_counter (
    topic    VARCHAR(16) NOT NULL,
    stripe   INT         NOT NULL,
    changes  BIGINT      NOT NULL,
    CONSTRAINT pk_change_counter PRIMARY KEY (topic, stripe)
);

INSERT INTO change_counter (topic, stripe, changes)
VALUES ('ledger', 0, 0), ('ledger', 1, 0), ('ledger', 2, 0), ('ledger', 3, 0),
       ('ledger', 4, 0), ('ledger', 5, 0), ('ledger', 6, 0), ('ledger', 7, 0),
       ('ledger', 8, 0), ('ledger', 9, 0), ('ledger', 10, 0), ('ledger', 11, 0),
       ('ledger', 12, 0), ('ledger', 13, 0), ('ledger', 14, 0), ('ledger', 15, 0),
       ('choices', 0, 0), ('choices', 1, 0), ('choices', 2, 0), ('choices', 3, 0),
       ('choices', 4, 0), ('choices', 5, 0), ('choices', 6, 0), ('choices', 7, 0),
       ('choices', 8, 0), ('choices', 9, 0), ('choices', 10, 0), ('choices', 11, 0),
       ('choices', 12, 0), ('choices', 13, 0), ('choices', 14, 0), ('choices', 15, 0);
