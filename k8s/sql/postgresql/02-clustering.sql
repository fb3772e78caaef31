-- RasaOrleans schema for PostgreSQL, part 2 of 3: cluster membership (Microsoft.Orleans.Clustering.AdoNet).
--
-- One version row per cluster (DeploymentId = ClusterId) and one row per silo incarnation. Every membership
-- change is a compare-and-swap on the version row: it succeeds only when @Version is the version the silo
-- last read, and it bumps the version. Heartbeats (UpdateIAmAlivetimeKey) touch only the silo's own row.
-- Timestamps are timestamptz: the provider passes UTC DateTime values.
CREATE TABLE IF NOT EXISTS orleansmembershipversiontable
(
    deploymentid varchar(150) NOT NULL PRIMARY KEY,
    lastchanged  timestamptz  NOT NULL DEFAULT now(),
    version      integer      NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS orleansmembershiptable
(
    deploymentid varchar(150) NOT NULL
        REFERENCES orleansmembershipversiontable (deploymentid) ON DELETE CASCADE,
    address      varchar(45)  NOT NULL,
    port         integer      NOT NULL,
    generation   integer      NOT NULL,
    siloname     text         NOT NULL,
    hostname     text         NOT NULL,
    status       integer      NOT NULL,
    proxyport    integer      NULL,
    suspecttimes text         NULL,
    starttime    timestamptz  NOT NULL,
    iamalivetime timestamptz  NOT NULL,
    PRIMARY KEY (deploymentid, address, port, generation)
);

INSERT INTO orleansquery (querykey, querytext) VALUES
-- The cluster's version row, created once; answers whether this call created it.
('InsertMembershipVersionKey', $sql$
WITH created AS (
    INSERT INTO orleansmembershipversiontable (deploymentid)
    VALUES (@DeploymentId)
    ON CONFLICT (deploymentid) DO NOTHING
    RETURNING 1)
SELECT count(*) > 0 FROM created
$sql$),

-- A new silo row, only if the version is still @Version and the row is new; answers whether it was added.
('InsertMembershipKey', $sql$
WITH bumped AS (
    UPDATE orleansmembershipversiontable
    SET version = version + 1, lastchanged = now()
    WHERE deploymentid = @DeploymentId
      AND version = @Version
      AND NOT EXISTS (
          SELECT 1 FROM orleansmembershiptable
          WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deploymentid),
added AS (
    INSERT INTO orleansmembershiptable
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
    SELECT deploymentid, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM bumped
    ON CONFLICT DO NOTHING
    RETURNING 1)
SELECT count(*) > 0 FROM added
$sql$),

-- A silo's status and suspicions, only if the version is still @Version; answers whether the row changed.
('UpdateMembershipKey', $sql$
WITH bumped AS (
    UPDATE orleansmembershipversiontable
    SET version = version + 1, lastchanged = now()
    WHERE deploymentid = @DeploymentId AND version = @Version
    RETURNING deploymentid),
changed AS (
    UPDATE orleansmembershiptable AS m
    SET status = @Status, suspecttimes = @SuspectTimes, iamalivetime = @IAmAliveTime
    FROM bumped
    WHERE m.deploymentid = bumped.deploymentid
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING 1)
SELECT count(*) > 0 FROM changed
$sql$),

-- Heartbeat: no version change.
('UpdateIAmAlivetimeKey', $sql$
UPDATE orleansmembershiptable
SET iamalivetime = @IAmAliveTime
WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$sql$),

-- One silo's row with the table version; the version comes back even when the silo has no row (null StartTime).
('MembershipReadRowKey', $sql$
SELECT v.deploymentid, v.version,
       m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
       m.suspecttimes, m.starttime, m.iamalivetime
FROM orleansmembershipversiontable AS v
LEFT JOIN orleansmembershiptable AS m
    ON m.deploymentid = v.deploymentid
   AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deploymentid = @DeploymentId
$sql$),

-- Every silo row of the cluster with the table version.
('MembershipReadAllKey', $sql$
SELECT v.deploymentid, v.version,
       m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
       m.suspecttimes, m.starttime, m.iamalivetime
FROM orleansmembershipversiontable AS v
LEFT JOIN orleansmembershiptable AS m ON m.deploymentid = v.deploymentid
WHERE v.deploymentid = @DeploymentId
$sql$),

-- Gateways of active silos (@Status is Active), for clients.
('GatewaysQueryKey', $sql$
SELECT address, proxyport, generation
FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0
$sql$),

-- The whole cluster (the silo rows go with the version row).
('DeleteMembershipTableEntriesKey', $sql$
DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId
$sql$),

-- Rows of dead silos (status 6) not heard from since @IAmAliveTime.
('CleanupDefunctSiloEntriesKey', $sql$
DELETE FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId AND status = 6 AND iamalivetime < @IAmAliveTime
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
