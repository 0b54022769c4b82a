-- Initial schema: ingestion records, generators, plants and per-year/state summaries.

-- One row per ingestion attempt (a blob, a CLI file, an API upload).
CREATE TABLE ingestions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    blob_name       text        NOT NULL,
    blob_etag       text,
    source          text        NOT NULL,
    size_bytes      bigint,
    sha256          text,
    status          text        NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'unchanged')),
    rows_read       integer,
    rows_loaded     integer,
    rows_rejected   integer,
    rows_duplicate  integer,   -- exact duplicate rows dropped
    rows_replaced   integer,   -- rows whose (year, plant, generator) came again later: the last wins
    rows_blank      integer,
    years           integer[],
    created_at      timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    finished_at     timestamptz,
    duration_ms     bigint GENERATED ALWAYS AS
        ((extract(epoch FROM finished_at - started_at) * 1000)::bigint) STORED,
    error           text,
    retryable       boolean     NOT NULL DEFAULT false,  -- failed for a passing reason (not the file)
    rejects         jsonb       NOT NULL DEFAULT '[]',  -- up to 100 {"line", "reason"}
    -- The loading connection's backend: when it is gone while the row still says
    -- 'running', the run died (see store.ingestions.fail_orphans).
    backend_pid     integer,
    backend_start   timestamptz
);
CREATE INDEX ingestions_blob ON ingestions (blob_name, blob_etag);
CREATE INDEX ingestions_sha256 ON ingestions (sha256) WHERE status = 'succeeded';
CREATE INDEX ingestions_running ON ingestions (id) WHERE status IN ('queued', 'running');

-- One row per generator and data year, as in eGRID's GEN sheet.
-- No foreign key to ingestions: it would cost a trigger call per COPYed row.
CREATE TABLE generators (
    seq                       integer,
    year                      smallint NOT NULL,
    state                     text     NOT NULL,
    plant_name                text,
    plant_code                integer  NOT NULL,
    generator_id              text     NOT NULL,
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
    -- Deferred: a file may repeat a generator; the load keeps the last row before commit.
    CONSTRAINT generators_pkey PRIMARY KEY (year, plant_code, generator_id)
        DEFERRABLE INITIALLY DEFERRED
);

-- Plants aggregated from generators by plant code (ORISPL), never by name.
CREATE TABLE plants (
    year                smallint NOT NULL,
    plant_code          integer  NOT NULL,
    name                text,
    state               text     NOT NULL,
    generators          integer  NOT NULL,
    capacity_mw         numeric,
    net_generation_mwh  numeric,  -- sum over generators; NULL only when none reported
    primary_fuel        text,     -- fuel of the generator with the largest net generation
    ingestion_id        bigint   NOT NULL,
    PRIMARY KEY (year, plant_code)
);
-- "Top N by net generation for a year [and state]" reads N entries of one of these.
CREATE INDEX plants_top ON plants (year, net_generation_mwh DESC NULLS LAST, plant_code);
CREATE INDEX plants_top_state
    ON plants (year, state, net_generation_mwh DESC NULLS LAST, plant_code);

-- Which ingestion holds each data year, with totals: the data version, and the counts
-- the API returns without scanning plants.
CREATE TABLE data_years (
    year                smallint PRIMARY KEY,
    ingestion_id        bigint      NOT NULL REFERENCES ingestions (id),
    loaded_at           timestamptz NOT NULL DEFAULT now(),
    generators          integer     NOT NULL,
    plants              integer     NOT NULL,
    net_generation_mwh  numeric
);

CREATE TABLE state_totals (
    year                smallint NOT NULL,
    state               text     NOT NULL,
    plants              integer  NOT NULL,
    generators          integer  NOT NULL,
    capacity_mw         numeric,
    net_generation_mwh  numeric,
    PRIMARY KEY (year, state)
);
