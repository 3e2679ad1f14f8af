-- The action-item ledger: the due-date policy, personal calendar feeds, and the indexes the ledger's
-- queries need. Portable SQL: runs unchanged on H2 and PostgreSQL.

-- Days from an item's creation to its default due date, by the incident's severity and the item's type.
CREATE TABLE due_date_policy (
    severity         VARCHAR(8) NOT NULL,
    corrective_days  INT        NOT NULL,
    preventive_days  INT        NOT NULL,
    detective_days   INT        NOT NULL,
    process_days     INT        NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    version          BIGINT     NOT NULL,
    CONSTRAINT pk_due_date_policy PRIMARY KEY (severity),
    CONSTRAINT ck_due_date_policy_days CHECK (corrective_days BETWEEN 1 AND 365 AND preventive_days BETWEEN 1 AND 365
        AND detective_days BETWEEN 1 AND 365 AND process_days BETWEEN 1 AND 365)
);

INSERT INTO due_date_policy (severity, corrective_days, preventive_days, detective_days, process_days, updated_at, version)
VALUES ('SEV1', 14, 28, 28, 28, CURRENT_TIMESTAMP, 0),
       ('SEV2', 28, 56, 56, 56, CURRENT_TIMESTAMP, 0),
       ('SEV3', 56, 90, 90, 90, CURRENT_TIMESTAMP, 0),
       ('SEV4', 56, 90, 90, 90, CURRENT_TIMESTAMP, 0);

-- One calendar feed per user: the URL holds a random secret, of which only the SHA-256 is kept.
CREATE TABLE calendar_token (
    user_id    BIGINT      NOT NULL,
    token_hash VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_calendar_token PRIMARY KEY (user_id),
    CONSTRAINT uk_calendar_token_hash UNIQUE (token_hash),
    CONSTRAINT fk_calendar_token_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
);

-- Age, "created between" and the weekly backlog chart read by creation time; "done in the last 30 days"
-- and the chart's closed items by completion time. (status, due_date) and (owner_id, status, due_date)
-- from V2 serve the open, overdue and due-soon queries and the navigation count.
CREATE INDEX ix_action_item_created ON action_item (created_at, id);
CREATE INDEX ix_action_item_completed ON action_item (completed_at);
-- the default ledger view: open items, soonest due first, ties by id (a page's order stays stable);
-- replaces V2's (status, due_date), which it covers
CREATE INDEX ix_action_item_status_due_id ON action_item (status, due_date, id);
DROP INDEX ix_action_item_status_due;
