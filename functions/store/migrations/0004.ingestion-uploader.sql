-- Who uploaded a file through the API, and under which name.
-- depends: 0003.partition-by-year
--
-- The blob's own name is made by the server (api/YYYY/MM/DD/<uuid>.csv), so without
-- these the ingestion history would show only a random id.

ALTER TABLE ingestions
    ADD COLUMN original_name text,
    ADD COLUMN uploaded_by   text;
