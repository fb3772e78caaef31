-- Orleans reminders of RasaOrleans' conversations (a reminder event schedules an intent for a conversation):
-- one row per grain and reminder name, scoped by the Orleans service id; grain_hash places the row on the silos'
-- ring. Idempotent: safe to run at every start-up and from the schema Job.

CREATE TABLE IF NOT EXISTS rasa_reminders
(
    service_id  text   NOT NULL,
    grain_id    text   NOT NULL,
    name        text   NOT NULL,
    grain_hash  bigint NOT NULL,
    start_at_ms bigint NOT NULL,
    period_ms   bigint NOT NULL,
    etag        text   NOT NULL,
    PRIMARY KEY (service_id, grain_id, name)
);

CREATE INDEX IF NOT EXISTS rasa_reminders_hash ON rasa_reminders (service_id, grain_hash);
