-- RasaOrleans schema for PostgreSQL, part 1 of 3: the query catalogue.
--
-- The Orleans ADO.NET providers run no SQL of their own: at start-up each reads the statements it needs from
-- OrleansQuery (by key) and later executes them with named parameters. Parts 2 and 3 fill the catalogue.
-- Every part is idempotent (CREATE ... IF NOT EXISTS, upserts), so it can run on every start-up and from the
-- schema Job; the server runs all parts in one transaction under an advisory lock.
CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL PRIMARY KEY,
    querytext text        NOT NULL
);
