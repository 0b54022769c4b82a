-- Generators and plants partitioned by data year (one partition per year).
-- depends: 0002.users
--
-- Why: a load replaces whole years. It builds each year's new partitions unindexed,
-- indexes them in one sorted pass each, then swaps them for the old ones in the same
-- transaction (functions.store.load). Maintaining the indexes row by row cost the
-- 100x benchmark file over half its load time, and deleting the old rows left dead
-- tuples behind. generator_id and plants.state sort byte-wise (COLLATE "C"): cheaper
-- than a locale, and for these codes the same order.

ALTER TABLE generators RENAME TO generators_0002;
ALTER TABLE generators_0002 RENAME CONSTRAINT generators_pkey TO generators_0002_pkey;
ALTER TABLE plants RENAME TO plants_0002;
ALTER TABLE plants_0002 RENAME CONSTRAINT plants_pkey TO plants_0002_pkey;
ALTER INDEX plants_top RENAME TO plants_0002_top;
ALTER INDEX plants_top_state RENAME TO plants_0002_top_state;

-- One row per generator and data year, as in eGRID's GEN sheet.
-- No foreign key to ingestions: it would cost a trigger call per COPYed row.
CREATE TABLE generators (
    seq                       integer,
    year                      smallint NOT NULL,
    state                     text     NOT NULL,
    plant_name                text,
    plant_code                integer  NOT NULL,
    generator_id              text     COLLATE "C" NOT NULL,
    boilers                   integer,
    status                    text,
    prime_mover               text,
    fuel                      text,
    capacity_mw               numeric,
    capacity_factor           numeric,
    net_generation_mwh        numeric,   -- NULL = not reported; negative is real (storage)
    ozone_net_generation_mwh  numeric,
    generation_source         text,
    year_online               smallint,
    year_retired              smallint,
    source_line               integer  NOT NULL,
    ingestion_id              bigint   NOT NULL,
    CONSTRAINT generators_pkey PRIMARY KEY (year, plant_code, generator_id)
) PARTITION BY LIST (year);

-- Plants aggregated from generators by plant code (ORISPL), never by name.
CREATE TABLE plants (
    year                smallint NOT NULL,
    plant_code          integer  NOT NULL,
    name                text,
    state               text     COLLATE "C" NOT NULL,
    generators          integer  NOT NULL,
    capacity_mw         numeric,
    -- Sum over generators (exact, in numeric); NULL only when none reported. Stored as
    -- double precision: its index builds in half the time, and 15 significant digits
    -- keep every MWh total to well under a kWh.
    net_generation_mwh  double precision,
    primary_fuel        text,     -- fuel of the generator with the largest net generation
    ingestion_id        bigint   NOT NULL,
    CONSTRAINT plants_pkey PRIMARY KEY (year, plant_code)
) PARTITION BY LIST (year);
-- "Top N by net generation for a year [and state]" reads N entries of one of these
-- (in the year's partition).
CREATE INDEX plants_top ON plants (year, net_generation_mwh DESC NULLS LAST, plant_code);
CREATE INDEX plants_top_state
    ON plants (year, state, net_generation_mwh DESC NULLS LAST, plant_code);

DO $$
DECLARE
    y smallint;
BEGIN
    FOR y IN SELECT DISTINCT year FROM generators_0002 UNION SELECT DISTINCT year FROM plants_0002
    LOOP
        EXECUTE format('CREATE TABLE generators_y%s PARTITION OF generators FOR VALUES IN (%s)', y, y);
        EXECUTE format('CREATE TABLE plants_y%s PARTITION OF plants FOR VALUES IN (%s)', y, y);
    END LOOP;
END
$$;

INSERT INTO generators SELECT * FROM generators_0002;
INSERT INTO plants SELECT * FROM plants_0002;
DROP TABLE generators_0002, plants_0002;
