-- RasaOrleans' cluster-wide model registry: model bundles (zips of model directories) by slot ("bot/<bot id>",
-- "nlu/<name>") and version, the newest version of a slot being served by every silo; and what each silo
-- reports it serves, scoped by the Orleans service id. Idempotent: safe to run at every start-up and from the schema Job.

CREATE TABLE IF NOT EXISTS rasa_model_bundles
(
    version     bigserial   PRIMARY KEY,
    service_id  text        NOT NULL,
    slot        text        NOT NULL,
    fingerprint text        NOT NULL,
    source      text        NOT NULL,
    created_utc timestamptz NOT NULL,
    bundle      bytea       NOT NULL
);

CREATE INDEX IF NOT EXISTS rasa_model_bundles_slot ON rasa_model_bundles (service_id, slot, version DESC);

CREATE TABLE IF NOT EXISTS rasa_model_serving
(
    service_id  text        NOT NULL,
    silo        text        NOT NULL,
    serving     text        NOT NULL,
    updated_utc timestamptz NOT NULL,
    PRIMARY KEY (service_id, silo)
);
