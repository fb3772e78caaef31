-- RasaOrleans schema for PostgreSQL, part 3 of 3: grain state (Microsoft.Orleans.Persistence.AdoNet).
--
-- One row per grain and service: the serialized state (the server chooses System.Text.Json, so the payload is
-- JSON text as bytes) and an integer version that is the grain's ETag. Writes are compare-and-swap on that
-- version; a first write (@GrainStateVersion null) inserts version 1. Every statement answers with one row:
-- the new version on success, the caller's version (or null) on a conflict, which the provider reports as an
-- InconsistentStateException.
CREATE TABLE IF NOT EXISTS orleansstorage
(
    grainidhash            integer     NOT NULL,
    grainidn0              bigint      NOT NULL,
    grainidn1              bigint      NOT NULL,
    graintypehash          integer     NOT NULL,
    graintypestring        text        NOT NULL,
    grainidextensionstring text        NULL,
    serviceid              text        NOT NULL,
    payloadbinary          bytea       NULL,
    modifiedon             timestamptz NOT NULL DEFAULT now(),
    version                integer     NOT NULL
);

-- One row per grain: the hashes lead for selectivity; the strings go in as a digest, so long keys fit the index.
CREATE UNIQUE INDEX IF NOT EXISTS orleansstorage_grain
    ON orleansstorage (grainidhash, graintypehash, grainidn0, grainidn1,
                       md5(serviceid || chr(1) || graintypestring || chr(1) || coalesce(grainidextensionstring, chr(2))));

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', $sql$
SELECT payloadbinary, version
FROM orleansstorage
WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
  AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
  AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
  AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
$sql$),

('WriteToStorageKey', $sql$
WITH updated AS (
    UPDATE orleansstorage
    SET payloadbinary = @PayloadBinary, modifiedon = now(), version = version + 1
    WHERE @GrainStateVersion IS NOT NULL AND version = @GrainStateVersion
      AND grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
      AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING version),
inserted AS (
    INSERT INTO orleansstorage
        (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid,
         payloadbinary, version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId,
           @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version)
SELECT coalesce((SELECT version FROM updated), (SELECT version FROM inserted), @GrainStateVersion) AS newgrainstateversion
$sql$),

-- Clear keeps the row (payload null, version bumped), so the ETag chain continues.
('ClearStorageKey', $sql$
WITH cleared AS (
    UPDATE orleansstorage
    SET payloadbinary = NULL, modifiedon = now(), version = version + 1
    WHERE version = @GrainStateVersion
      AND grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
      AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING version)
SELECT coalesce((SELECT version FROM cleared), @GrainStateVersion) AS version
$sql$),

-- Only used with AdoNetGrainStorageOptions.DeleteStateOnClear, which the server leaves off.
('DeleteStorageKey', $sql$
WITH deleted AS (
    DELETE FROM orleansstorage
    WHERE version = @GrainStateVersion
      AND grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
      AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING version)
SELECT coalesce((SELECT version + 1 FROM deleted), @GrainStateVersion) AS version
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
