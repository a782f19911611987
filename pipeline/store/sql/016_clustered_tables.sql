-- How many rows of each table kept in rep order were sorted when it was last written again
-- (pipeline/store/clustering.py): rows loaded since sit in a tail that every read scans, and the
-- table is sorted again once that tail is a row group's worth or a twentieth of the table. A
-- batch run of a few calls on a large history no longer rewrites it whole.
CREATE TABLE clustered_tables (
    table_name  VARCHAR PRIMARY KEY,
    sorted_rows BIGINT NOT NULL,
    sorted_at   TIMESTAMP DEFAULT current_timestamp
);
