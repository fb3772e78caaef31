-- RasaOrleans' own grain storage for conversations (PostgresEventLogStorage): a head row per grain state and
-- one row per event, so a turn inserts only the events it appended and rewrites only its small head row. Rows
-- are scoped by the Orleans service id, so several services can share one database.
-- Idempotent: safe to run at every start-up and from the schema Job.

CREATE TABLE IF NOT EXISTS rasa_grain_state
(
    service_id  text        NOT NULL,
    state_name  text        NOT NULL,
    grain_id    text        NOT NULL COLLATE "C",
    etag        text        NOT NULL,
    generation  bigint      NULL,
    event_count bigint      NOT NULL DEFAULT 0,
    payload     text        NOT NULL,
    updated_utc timestamptz NOT NULL,
    PRIMARY KEY (service_id, state_name, grain_id)
);

CREATE TABLE IF NOT EXISTS rasa_grain_events
(
    service_id text   NOT NULL,
    state_name text   NOT NULL,
    grain_id   text   NOT NULL COLLATE "C",
    seq        bigint NOT NULL,
    event      text   NOT NULL,
    PRIMARY KEY (service_id, state_name, grain_id, seq)
);
